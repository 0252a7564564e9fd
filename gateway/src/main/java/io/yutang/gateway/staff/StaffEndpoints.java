package io.yutang.gateway.staff;

import io.yutang.referral.text.SingleLine;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.security.Principal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Staff accounts and integration tokens. */
@Tag(name = "staff", description = "Console users (ADMIN, MARKETER) and integration tokens")
@SecurityRequirement(name = "basic")
@SecurityRequirement(name = "bearer")
@RestController
@RequestMapping("/api")
class StaffEndpoints {

    private final StaffDirectory staff;
    private final ApiTokens tokens;

    StaffEndpoints(StaffDirectory staff, ApiTokens tokens) {
        this.staff = staff;
        this.tokens = tokens;
    }

    @Operation(summary = "Who is calling (roles: ADMIN, MARKETER, INTEGRATION)")
    @GetMapping("/me")
    Mono<Caller> me(Authentication caller) {
        return Mono.just(new Caller(caller.getName(),
                caller.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                        .map(role -> role.replaceFirst("^ROLE_", "")).sorted().toList()));
    }

    @Operation(summary = "Add a console user (roles: ADMIN)")
    @PostMapping("/staff-users")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<StaffMember> addStaff(@Valid @RequestBody NewStaffMember request) {
        if (request.roles().contains(StaffRole.INTEGRATION)) {
            return Mono.error(problem(HttpStatus.UNPROCESSABLE_CONTENT, "problemDetail.staff.integration-role"));
        }
        return staff.add(request.username(), request.displayName(), request.password(), request.roles())
                .switchIfEmpty(Mono.error(() -> problem(HttpStatus.CONFLICT, "problemDetail.staff.username-taken")));
    }

    @Operation(summary = "Console users, oldest first (roles: ADMIN)")
    @GetMapping("/staff-users")
    Flux<StaffMember> staff() {
        return staff.list();
    }

    @Operation(summary = "Change my own password (console users; the current password is asked again)")
    @PutMapping("/me/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> changePassword(@Valid @RequestBody PasswordChange request, Authentication caller) {
        if (caller.getAuthorities().stream().anyMatch(role -> role.getAuthority().equals("ROLE_INTEGRATION"))) {
            return Mono.error(problem(HttpStatus.FORBIDDEN, "problemDetail.staff.token-has-no-password"));
        }
        if (request.newPassword().equals(request.currentPassword())) {
            return Mono.error(problem(HttpStatus.UNPROCESSABLE_CONTENT, "problemDetail.staff.same-password"));
        }
        return staff.changePassword(caller.getName(), request.currentPassword(), request.newPassword())
                .flatMap(changed -> changed ? Mono.<Void>empty()
                        : Mono.error(problem(HttpStatus.UNPROCESSABLE_CONTENT, "problemDetail.staff.wrong-password")));
    }

    @Operation(summary = "Issue an API token for an integration, with its scopes (contacts:read, leads:read, leads:write,"
            + " personal-data:read); the secret is shown only in this answer (roles: ADMIN)")
    @PostMapping("/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<ApiTokens.IssuedToken> issue(@Valid @RequestBody NewToken request, Principal admin) {
        List<String> unknown = request.scopes() == null ? List.of()
                : request.scopes().stream().filter(scope -> TokenScope.named(scope).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            return Mono.error(problem(HttpStatus.BAD_REQUEST, "problemDetail.staff.unknown-scope"));
        }
        List<TokenScope> scopes = request.scopes() == null ? List.of()
                : request.scopes().stream().distinct().map(scope -> TokenScope.named(scope).orElseThrow()).toList();
        return tokens.issue(request.name(), List.of(StaffRole.INTEGRATION), scopes, admin.getName());
    }

    @Operation(summary = "API tokens, without their secrets (roles: ADMIN)")
    @GetMapping("/tokens")
    Flux<ApiTokens.ApiToken> list() {
        return tokens.list();
    }

    @Operation(summary = "Revoke an API token at once (roles: ADMIN)")
    @DeleteMapping("/tokens/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> revoke(@PathVariable long id) {
        return tokens.revoke(id).flatMap(revoked -> revoked ? Mono.<Void>empty()
                : Mono.error(problem(HttpStatus.NOT_FOUND, "problemDetail.staff.no-token")));
    }

    private static ErrorResponseException problem(HttpStatus status, String detailCode) {
        return new ErrorResponseException(status, ProblemDetail.forStatus(status), null, detailCode, null);
    }

    record Caller(String name, List<String> roles) {
    }

    record NewStaffMember(
            @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._@-]+") String username,
            @NotBlank @Size(max = 64) @SingleLine String displayName,
            @NotBlank @Size(min = 10, max = 128) String password,
            @NotEmpty List<StaffRole> roles) {

        @Override
        public String toString() {
            return "NewStaffMember[username=" + username + ", password=***]";
        }
    }

    record PasswordChange(@NotBlank @Size(max = 128) String currentPassword,
            @NotBlank @Size(min = 10, max = 128) String newPassword) {

        @Override
        public String toString() {
            return "PasswordChange[***]";
        }
    }

    /** @param scopes what the token may read or write: contacts:read, leads:read, leads:write, personal-data:read */
    record NewToken(@NotBlank @Size(max = 100) @SingleLine String name, @Size(max = 10) List<String> scopes) {
    }
}
