package io.usher.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.usher.contract.client.ApiClient;
import io.usher.contract.client.ApiException;
import io.usher.contract.client.ApiResponse;
import io.usher.contract.client.api.AccountMembersApi;
import io.usher.contract.client.api.AccountsApi;
import io.usher.contract.client.api.AuditApi;
import io.usher.contract.client.api.BulkInvitationsApi;
import io.usher.contract.client.api.TeamsApi;
import io.usher.contract.client.model.AccountView;
import io.usher.contract.client.model.BatchView;
import io.usher.contract.client.model.InvitationList;
import io.usher.contract.client.model.Language;
import io.usher.contract.client.model.MemberChange;
import io.usher.contract.client.model.MemberView;
import io.usher.contract.client.model.MembershipStatus;
import io.usher.contract.client.model.NewAccount;
import io.usher.contract.client.model.NewTeam;
import io.usher.contract.client.model.OutcomePage;
import io.usher.contract.client.model.OutcomeView;
import io.usher.contract.client.model.Problem;
import io.usher.contract.client.model.Quotas;
import io.usher.contract.client.model.Role;
import io.usher.contract.client.model.TeamView;
import io.usher.testing.Keycloak;
import io.usher.testing.ServiceUrl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The main journey through the Java client that OpenAPI Generator made from the checked-in contract
 * (generator {@code java}, library {@code native}; ContractIT proves the contract is what the server
 * serves), and through nothing else: were the document to say another status, type or shape than
 * the server answers, a call here would fail or a value would not read back.
 */
@QuarkusTest
class ContractJourneyIT {

    @Test
    void anAdministratorsJourneyThroughTheGeneratedClient() throws Exception {
        ApiClient client = client(null);
        AccountsApi accounts = new AccountsApi(client);
        TeamsApi teams = new TeamsApi(client);
        BulkInvitationsApi invitations = new BulkInvitationsApi(client);
        AccountMembersApi members = new AccountMembersApi(client);

        ApiResponse<AccountView> created = accounts.createAccountWithHttpInfo(new NewAccount()
                .name("Contract " + System.nanoTime())
                .defaultLanguage(Language.EN)
                .quotas(new Quotas().SITE_ADMIN(3).EDITOR(20)));
        assertEquals(201, created.getStatusCode());
        UUID account = created.getData().getId();
        assertTrue(location(created).endsWith("/api/v1/accounts/" + account), location(created));
        assertEquals(0, accounts.getAccount(account).getUsage().getEDITOR());

        ApiResponse<TeamView> team = teams.createTeamWithHttpInfo(account, new NewTeam().name("Blue"));
        assertEquals(201, team.getStatusCode());
        UUID blue = team.getData().getId();
        assertTrue(location(team).endsWith("/teams/" + blue));

        // As text, with an idempotency key: 202 and the batch, then 200 and the same batch.
        String key = UUID.randomUUID().toString();
        String lines = "ada@contract.example\nalan@contract.example\nnot-an-address\n";
        ApiResponse<BatchView> text =
                invitations.inviteAddressesWithHttpInfo(account, lines, Role.EDITOR, List.of(blue), key);
        assertEquals(202, text.getStatusCode());
        BatchView batch = text.getData();
        assertTrue(location(text).endsWith("/api/v1/invitation-batches/" + batch.getId()), location(text));
        ApiResponse<BatchView> replay =
                invitations.inviteAddressesWithHttpInfo(account, lines, Role.EDITOR, List.of(blue), key);
        assertEquals(200, replay.getStatusCode());
        assertEquals(batch.getId(), replay.getData().getId());

        // As JSON: the contract's InvitationList, sent as application/json.
        BulkInvitationsApi json = new BulkInvitationsApi(client(b -> b.setHeader("Content-Type", "application/json")));
        String list = client.getObjectMapper()
                .writeValueAsString(new InvitationList()
                        .emails(List.of("grace@contract.example"))
                        .role(Role.SITE_ADMIN)
                        .teams(List.of(blue)));
        ApiResponse<BatchView> jsonBatch = json.inviteAddressesWithHttpInfo(account, list, null, null, null);
        assertEquals(202, jsonBatch.getStatusCode());
        assertEquals(Role.SITE_ADMIN, jsonBatch.getData().getRole());

        BatchView done = awaitCompleted(invitations, batch.getId());
        assertEquals(3, done.getTotal());
        assertEquals(2, done.getCounts().getINVITED());
        assertEquals(1, done.getCounts().getINVALIDEMAIL());
        assertTrue(done.getCompletedAt() != null);
        awaitCompleted(invitations, jsonBatch.getData().getId());

        // Outcome pages, two at a time, until `next` is null.
        List<OutcomeView> outcomes = new ArrayList<>();
        Integer after = 0;
        do {
            OutcomePage page = invitations.getOutcomes(batch.getId(), null, after, 2);
            outcomes.addAll(page.getItems());
            after = page.getNext();
        } while (after != null);
        assertEquals(
                List.of(1, 2, 3), outcomes.stream().map(OutcomeView::getSeq).toList());
        assertNull(outcomes.get(2).getDelivery(), "an invalid address sends no email");

        // The CSV, through the same operation with `Accept: text/csv`.
        AtomicReference<String> csv = new AtomicReference<>();
        ApiClient csvClient = client(b -> b.setHeader("Accept", "text/csv"));
        csvClient.setResponseInterceptor(response -> {
            try {
                csv.set(new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        new BulkInvitationsApi(csvClient).getOutcomes(batch.getId(), null, null, null);
        assertTrue(csv.get().startsWith("seq,email,outcome,severity,message"), csv.get());
        assertEquals(4, csv.get().strip().lines().count(), csv.get());

        // Users with filters.
        List<MemberView> blueEditors = members.listMembers(
                        account, 0, "contract.example", Role.EDITOR, 50, MembershipStatus.PENDING, blue)
                .getItems();
        assertEquals(2, blueEditors.size());
        MemberView ada = blueEditors.stream()
                .filter(m -> m.getEmail().equals("ada@contract.example"))
                .findFirst()
                .orElseThrow();
        assertNull(ada.getFirstName(), "a PENDING member has no name yet");

        // A role-only PATCH keeps the member's teams.
        MemberView promoted = members.updateMember(account, ada.getId(), new MemberChange().role(Role.SITE_ADMIN));
        assertEquals(Role.SITE_ADMIN, promoted.getRole());
        assertEquals(
                List.of(blue), promoted.getTeams().stream().map(t -> t.getId()).toList());
        assertEquals(
                List.of(),
                members.updateMember(account, ada.getId(), new MemberChange().teams(List.of()))
                        .getTeams());

        // The audit says it, and its filter finds it.
        assertTrue(
                new AuditApi(client)
                        .listAuditEntries(account, "member.role-changed", null, null, 0, 50, null).getItems().stream()
                                .allMatch(entry -> entry.getAction().equals("member.role-changed")),
                "the action filter keeps only role changes");
        assertTrue(
                new AuditApi(client)
                        .listAuditEntries(account, "member.role-changed", null, null, 0, 50, null).getItems().stream()
                                .anyMatch(entry -> entry.getAction().equals("member.role-changed")),
                "the role change is in the audit log");

        // A typed problem for an unknown batch.
        ApiException missing = assertThrows(ApiException.class, () -> invitations.getBatch(UUID.randomUUID()));
        assertEquals(404, missing.getCode());
        Problem problem = client.getObjectMapper().readValue(missing.getResponseBody(), Problem.class);
        assertEquals(404, problem.getStatus());
        assertTrue(problem.getType().toString().endsWith("/not-found"), problem.toString());
        assertTrue(problem.getCode() != null && !problem.getCode().isBlank(), problem.toString());
    }

    private static BatchView awaitCompleted(BulkInvitationsApi api, UUID batch) throws Exception {
        long until = System.nanoTime() + 60_000_000_000L;
        while (true) {
            BatchView view = api.getBatch(batch);
            if (view.getStatus() == BatchView.StatusEnum.COMPLETED || System.nanoTime() > until) {
                assertEquals(BatchView.StatusEnum.COMPLETED, view.getStatus(), "batch " + batch + " did not complete");
                return view;
            }
            Thread.sleep(200);
        }
    }

    private static String location(ApiResponse<?> response) {
        return response.getHeaders().get("location").get(0);
    }

    /** A client of the test service with a platform administrator's token, and a last word on each request. */
    private static ApiClient client(Consumer<HttpRequest.Builder> extra) {
        String token = Keycloak.platformAdminToken();
        ApiClient client = new ApiClient();
        client.updateBaseUri(ServiceUrl.base());
        client.setRequestInterceptor(builder -> {
            builder.setHeader("Authorization", "Bearer " + token);
            if (extra != null) {
                extra.accept(builder);
            }
        });
        return client;
    }
}
