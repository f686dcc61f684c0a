package io.berth.client.cli;

import io.berth.client.AccountView;
import picocli.CommandLine.Command;

@Command(name = "me", mixinStandardHelpOptions = true, description = "Show the account of the API key in use.")
final class MeCommand extends BerthCommand {

    @Override
    int execute() {
        AccountView me = client().me();
        if (json()) {
            printJson(me);
        } else {
            new Fields()
                    .add("Account", me.name())
                    .add("Role", Text.orEmpty(me.role()))
                    .add("Id", me.id())
                    .print(out());
        }
        return ExitCodes.OK;
    }
}
