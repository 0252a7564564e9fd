/**
 * Where asset files live, behind one port ({@link io.yutang.content.storage.ObjectStore}): files
 * under the data directory by default, an S3-compatible object store when one is configured.
 */
package io.yutang.content.storage;
