package io.yutang.referral.tree;

import io.yutang.referral.Disclosure;

/**
 * A node of a campaign's referral tree: an advocate at the root (employee, partner, or a prospect
 * who shared without being brought in) or a contact brought in.
 *
 * @param id {@code s<sharerId>} for a root advocate, {@code c<contactId>} for a contact
 * @param role EMPLOYEE, PARTNER or PROSPECT for roots; SHARER for a contact who brought others in; CONTACT otherwise
 * @param label the advocate's name or the contact's nickname (null when unknown)
 * @param children how many this node brought in directly
 * @param descendants how many are below this node at any depth
 */
public record TreeNode(String id, String role, String label, int depth, long children, long descendants) {

    /** This node as {@code disclosure} may see it: a prospect's label (a nickname) masked, an employee's or partner's name kept. */
    public TreeNode shownTo(Disclosure disclosure) {
        return "EMPLOYEE".equals(role) || "PARTNER".equals(role) ? this
                : new TreeNode(id, role, disclosure.name(label), depth, children, descendants);
    }
}
