/** JS-SDK page configuration (wx.config) for H5 pages on the account's JS-safe domains. */
package io.yutang.gateway.jssdk;
