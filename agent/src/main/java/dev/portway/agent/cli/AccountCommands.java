// "portway account create|show", "portway login", "portway logout".
package dev.portway.agent.cli;

import dev.portway.agent.engine.ApiClient;
import dev.portway.agent.engine.Settings;
import dev.portway.protocol.api.Account;
import dev.portway.protocol.api.LoginResponse;
import dev.portway.protocol.json.RecordMapping;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

final class AccountCommands {
    private AccountCommands() {
    }

    /** Credentials options shared by account create and login. */
    static final class CredentialOptions {
        @Option(names = "--email", required = true, paramLabel = "EMAIL", description = "Account email.")
        String email;

        @Option(names = "--password", required = true, interactive = true, arity = "0..1", paramLabel = "PASSWORD",
                prompt = "Password: ",
                description = "Password (at least 8 characters); prompted for when given without a value.")
        String password;
    }

    @Command(name = "account", description = "Create or show your account.",
            subcommands = {Create.class, Show.class})
    static final class Group {
    }

    @Command(name = "create", description = "Create an account on a server and sign in to it.")
    static final class Create extends CliCommand {
        @Mixin CredentialOptions creds;

        @Override
        protected int run(Context ctx) {
            ApiClient api = ctx.anonymous();
            Account account = api.signup(creds.email, creds.password);
            LoginResponse login = api.login(creds.email, creds.password);
            cli.settings().save(cli.settings().load().withLogin(api.server(), login.token(), login.email()));
            ctx.print(account, "Created account " + account.email() + " on " + api.server()
                    + " and signed in.");
            return 0;
        }
    }

    @Command(name = "show", description = "Show the signed-in account.")
    static final class Show extends CliCommand {

        @Override
        protected int run(Context ctx) {
            ApiClient api = ctx.api();
            Account a = api.account();
            java.util.Map<String, Object> shown = RecordMapping.toMap(a);
            shown.put("server", api.server());
            List<String[]> fields = new java.util.ArrayList<>(List.of(new String[]{"user_id", a.userId()},
                    new String[]{"email", a.email()}, new String[]{"created_at", a.createdAt()},
                    new String[]{"server", api.server()}));
            if (a.maxSockets() != null && a.maxPorts() != null) { // an older server does not say
                fields.add(new String[]{"limits", a.maxSockets() + " sockets, of them " + a.maxPorts()
                        + " tcp, tls or udp (dedicated ports)"});
            }
            ctx.print(shown, Context.fields(fields));
            return 0;
        }
    }

    @Command(name = "login", description = "Sign in and save the server and token for later commands.")
    static final class Login extends CliCommand {
        @Mixin CredentialOptions creds;

        @Override
        protected int run(Context ctx) {
            ApiClient api = ctx.anonymous();
            LoginResponse login = api.login(creds.email, creds.password);
            cli.settings().save(cli.settings().load().withLogin(api.server(), login.token(), login.email()));
            ctx.print(java.util.Map.of("server", api.server(), "email", login.email()),
                    "Signed in to " + api.server() + " as " + login.email() + ".");
            return 0;
        }
    }

    @Command(name = "logout", description = "Revoke the saved token and forget it.")
    static final class Logout extends CliCommand {

        @Override
        protected int run(Context ctx) {
            Settings saved = cli.settings().load();
            if (saved.token() == null && opts.token == null && cli.env().get("PORTWAY_TOKEN") == null) {
                ctx.print(java.util.Map.of("signed_in", false), "Not signed in.");
                return 0;
            }
            ctx.api().logout();
            cli.settings().save(saved.withLogin(saved.server(), null, null));
            ctx.print(java.util.Map.of("server", String.valueOf(saved.server())), "Signed out.");
            return 0;
        }
    }
}
