package io.yutang.gateway.signin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.yutang.referral.Contacts;
import io.yutang.referral.Viewer;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Who is signed in on this H5 page (role VIEWER). */
@Tag(name = "H5 sign-in")
@SecurityRequirement(name = "session")
@RestController
class ViewerEndpoint {

    private final Contacts contacts;

    ViewerEndpoint(Contacts contacts) {
        this.contacts = contacts;
    }

    @Operation(summary = "The signed-in WeChat user and their roles (roles: VIEWER; REP or PARTNER once bound)")
    @GetMapping("/wechat/oauth/viewer")
    Mono<SignedIn> viewer(@AuthenticationPrincipal Viewer viewer, Authentication authentication) {
        List<String> roles = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .map(role -> role.replaceFirst("^ROLE_", "")).sorted().toList();
        return contacts.find(viewer.user()).map(contact -> new SignedIn(viewer.contact().value(), viewer.user().openid(),
                contact.nickname(), contact.avatarUrl(), contact.subscribed(), roles));
    }

    /** The signed-in user as their own page shows them. */
    record SignedIn(long contactId, String openid, String nickname, String avatarUrl, boolean following,
            List<String> roles) {
    }
}
