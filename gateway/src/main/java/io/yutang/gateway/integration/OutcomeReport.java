package io.yutang.gateway.integration;

import io.yutang.referral.Attribution;
import io.yutang.referral.AttributionDecision;
import io.yutang.referral.ContactId;
import io.yutang.referral.ConversionKind;
import io.yutang.referral.Sharer;
import io.yutang.referral.SharerKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the CRM's outcomes add up to, per campaign and overall, by the rep, partner or department
 * whose branch brought each lead (the owning advocate of the lead's credited conversion: its
 * qualified lead, else its lead form, else its follow).
 */
@Component
class OutcomeReport {

    enum Grouping { NONE, REP, PARTNER, DEPARTMENT }

    /**
     * One group's figures: leads the CRM reported on, distinct leads per status, and the amounts of
     * open opportunities and won deals.
     */
    record Row(String key, String label, long leads, long accepted, long rejected, long opportunities, long won, long lost,
            BigDecimal pipeline, BigDecimal revenue) {
    }

    private static final List<ConversionKind> PREFERRED = List.of(ConversionKind.QUALIFIED_LEAD, ConversionKind.LEAD,
            ConversionKind.REGISTRATION, ConversionKind.FOLLOW);

    private final LeadOutcomes outcomes;
    private final Attribution attribution;

    OutcomeReport(LeadOutcomes outcomes, Attribution attribution) {
        this.outcomes = outcomes;
        this.attribution = attribution;
    }

    Mono<List<Row>> report(Long campaignId, Grouping by) {
        return outcomes.all().collect(Collectors.groupingBy(LeadOutcome::contactId, LinkedHashMap::new, Collectors.toList()))
                .flatMapMany(byContact -> Flux.fromIterable(byContact.entrySet()))
                .concatMap(entry -> credit(entry.getKey(), campaignId)
                        .map(decision -> Map.entry(decision, entry.getValue())))
                .filter(entry -> campaignId == null || entry.getKey().isPresent())
                .collectList()
                .map(entries -> {
                    Map<String, String> labels = new LinkedHashMap<>();
                    Map<String, List<List<LeadOutcome>>> groups = new LinkedHashMap<>();
                    for (var entry : entries) {
                        String[] group = group(entry.getKey().orElse(null), by);
                        labels.putIfAbsent(group[0], group[1]);
                        groups.computeIfAbsent(group[0], k -> new ArrayList<>()).add(entry.getValue());
                    }
                    List<Row> rows = new ArrayList<>();
                    groups.forEach((key, leads) -> rows.add(row(key, labels.get(key), leads)));
                    rows.sort(Comparator.comparing(Row::revenue).reversed().thenComparing(Row::leads, Comparator.reverseOrder()));
                    return rows;
                });
    }

    private Mono<Optional<AttributionDecision>> credit(long contact, Long campaignId) {
        return attribution.decisionsFor(new ContactId(contact))
                .filter(d -> d.credited() && d.reversedAt() == null && (campaignId == null || campaignId.equals(d.campaignId())))
                .collectList()
                .map(decisions -> PREFERRED.stream()
                        .flatMap(kind -> decisions.stream().filter(d -> d.kind() == kind)
                                .max(Comparator.comparing(AttributionDecision::occurredAt)).stream())
                        .findFirst());
    }

    private static String[] group(AttributionDecision decision, Grouping by) {
        Sharer advocate = decision == null ? null : decision.advocate();
        return switch (by) {
            case NONE -> new String[] {"all", null};
            case REP -> advocate != null && advocate.kind() == SharerKind.EMPLOYEE
                    ? new String[] {String.valueOf(advocate.id()), advocate.name()} : new String[] {"none", null};
            case PARTNER -> advocate != null && advocate.kind() == SharerKind.PARTNER && advocate.company() != null
                    ? new String[] {advocate.company(), advocate.company()} : new String[] {"none", null};
            case DEPARTMENT -> advocate != null && advocate.kind() == SharerKind.EMPLOYEE && advocate.department() != null
                    ? new String[] {advocate.department(), advocate.department()} : new String[] {"none", null};
        };
    }

    private static Row row(String key, String label, List<List<LeadOutcome>> leads) {
        Map<LeadOutcome.Status, Long> people = new HashMap<>();
        BigDecimal pipeline = BigDecimal.ZERO;
        BigDecimal revenue = BigDecimal.ZERO;
        for (List<LeadOutcome> lead : leads) {
            Set<LeadOutcome.Status> reached = EnumSet.noneOf(LeadOutcome.Status.class);
            Map<String, LeadOutcome> opportunities = new HashMap<>();
            Map<String, LeadOutcome> won = new HashMap<>();
            for (LeadOutcome outcome : lead) {
                reached.add(outcome.status());
                if (outcome.status() == LeadOutcome.Status.OPPORTUNITY && outcome.amount() != null) {
                    opportunities.put(outcome.crmReference(), outcome);
                }
                if (outcome.status() == LeadOutcome.Status.WON && outcome.amount() != null) {
                    won.put(outcome.crmReference(), outcome);
                }
            }
            reached.forEach(status -> people.merge(status, 1L, Long::sum));
            for (var opportunity : opportunities.entrySet()) {
                boolean closed = lead.stream().anyMatch(o -> o.crmReference().equals(opportunity.getKey())
                        && (o.status() == LeadOutcome.Status.WON || o.status() == LeadOutcome.Status.LOST));
                if (!closed) {
                    pipeline = pipeline.add(opportunity.getValue().amount());
                }
            }
            for (LeadOutcome deal : won.values()) {
                revenue = revenue.add(deal.amount());
            }
        }
        return new Row(key, label, leads.size(), people.getOrDefault(LeadOutcome.Status.ACCEPTED, 0L),
                people.getOrDefault(LeadOutcome.Status.REJECTED, 0L), people.getOrDefault(LeadOutcome.Status.OPPORTUNITY, 0L),
                people.getOrDefault(LeadOutcome.Status.WON, 0L), people.getOrDefault(LeadOutcome.Status.LOST, 0L), pipeline, revenue);
    }
}
