package io.yutang.referral.testing;

import io.yutang.referral.Sharer;
import io.yutang.referral.SharerKind;
import io.yutang.referral.sharer.ImportReport;
import io.yutang.referral.sharer.SharerRow;
import java.util.List;
import java.util.UUID;

/** An employee or partner as marketing imports them, optionally bound to a person's WeChat. */
public final class SharerBuilder {

    private final ReferralFixtures fixtures;
    private final SharerKind kind;
    private final String name;
    private String title;
    private String department;
    private String company;
    private Person boundTo;

    SharerBuilder(ReferralFixtures fixtures, SharerKind kind, String name) {
        this.fixtures = fixtures;
        this.kind = kind;
        this.name = name;
    }

    public SharerBuilder title(String title) {
        this.title = title;
        return this;
    }

    public SharerBuilder department(String department) {
        this.department = department;
        return this;
    }

    public SharerBuilder company(String company) {
        this.company = company;
        return this;
    }

    /** Binds the sharer to this person's WeChat, through a one-time binding link. */
    public SharerBuilder boundTo(Person person) {
        this.boundTo = person;
        return this;
    }

    /** Imports the sharer (and binds them, if asked) and gives them back as stored. */
    public Sharer create() {
        String externalId = kind.name().toLowerCase() + "-" + fixtures.batch() + "-" + UUID.randomUUID().toString().substring(0, 8);
        ImportReport report = ReferralFixtures.await(fixtures.sharers().importRows(List.of(
                new SharerRow(kind, externalId, name, title, department, company, null, null))));
        if (!report.errors().isEmpty()) {
            throw new IllegalArgumentException("sharer not importable: " + report.errors());
        }
        long id = ReferralFixtures.await(fixtures.slice().db()
                .sql("select id from referral.sharer where kind = :kind and external_id = :external")
                .bind("kind", kind.name())
                .bind("external", externalId)
                .map(row -> row.get("id", Long.class))
                .one());
        if (boundTo != null) {
            String token = ReferralFixtures.await(fixtures.sharers().issueBindingLink(id)).token();
            ReferralFixtures.await(fixtures.sharers().bind(token, boundTo.contact()));
        }
        return ReferralFixtures.await(fixtures.sharers().find(id));
    }
}
