package io.yutang.referral.board;

/** Who a leaderboard ranks: employees, partner companies, or employees' departments. */
public enum BoardDimension {
    EMPLOYEE,
    PARTNER,
    DEPARTMENT
}
