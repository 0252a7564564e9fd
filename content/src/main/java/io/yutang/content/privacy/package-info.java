/** Content's share of a person for export and erasure: leads and their answers, downloads, views and reading, scores. */
package io.yutang.content.privacy;
