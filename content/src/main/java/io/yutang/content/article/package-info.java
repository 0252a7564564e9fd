/**
 * Articles (带名片的文章): marketing's API, the Markdown rendered once and sanitised, the images
 * they show (in the assets' object store) and their optional call to action.
 */
package io.yutang.content.article;
