package io.yutang.referral.sharer;

/**
 * One row of an import and where it stood in what marketing sent: the spreadsheet row of a CSV
 * (the header is row 1, so the first data row is row 2), the position from 1 in a JSON array.
 */
public record NumberedRow(int row, SharerRow sharer) {
}
