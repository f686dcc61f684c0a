package io.berth.client.cli;

import io.berth.client.CapacityView;
import io.berth.client.DiscoveredCapacityView;
import io.berth.client.PackageView;
import io.berth.client.PoolView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "pools", mixinStandardHelpOptions = true,
        description = "Pools of capacity and the packages booked from them (creating and sizing pools: admins).",
        subcommands = {PoolsCommand.ListPools.class, PoolsCommand.Create.class, PoolsCommand.Capacity.class,
                PoolsCommand.AddCapacity.class, PoolsCommand.RemoveCapacity.class, PoolsCommand.Packages.class,
                PoolsCommand.Discover.class})
final class PoolsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return spec.commandLine().getSubcommands().get("list").execute();
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The pools.")
    static final class ListPools extends BerthCommand {
        @Override
        int execute() {
            List<PoolView> pools = client().listPools();
            if (json()) {
                printJson(pools);
                return ExitCodes.OK;
            }
            Table table = new Table("NAME", "MODE", "ID");
            pools.forEach(pool -> table.row(pool.name(), pool.mode(), pool.id()));
            table.print(out());
            return ExitCodes.OK;
        }
    }

    @Command(name = "packages", mixinStandardHelpOptions = true, description = "The resource packages.")
    static final class Packages extends BerthCommand {
        @Override
        int execute() {
            List<PackageView> packages = client().listPackages();
            if (json()) {
                printJson(packages);
                return ExitCodes.OK;
            }
            Table table = new Table("NAME", "NOTEBOOK WORKER", "SPARK WORKER", "DISK", "TOTAL");
            for (PackageView p : packages) {
                table.row(p.name(), limits(p.notebookWorker()), limits(p.sparkWorker()), p.diskGiB() + " GiB",
                        p.total().describe());
            }
            table.print(out());
            return ExitCodes.OK;
        }

        private static String limits(PackageView.Limits limits) {
            return (limits.milliCores() % 1000 == 0 ? String.valueOf(limits.milliCores() / 1000)
                    : String.valueOf(limits.milliCores() / 1000.0)) + " cores, " + limits.memoryMiB() + " MiB";
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a pool.")
    static final class Create extends BerthCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--mode", paramLabel = "MODE", defaultValue = "RESERVED",
                description = "SHARED, MANAGED or RESERVED (default: ${DEFAULT-VALUE}).")
        String mode;

        @Override
        int execute() {
            PoolView pool = client().createPool(name, mode);
            if (json()) {
                printJson(pool);
            } else {
                out().println("Pool " + pool.name() + " (" + pool.mode() + ") created; add capacity with"
                        + " `berth pools add-capacity " + pool.name() + " --cores N --memory-mib N`.");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "capacity", mixinStandardHelpOptions = true, description = "The capacity of a pool.")
    static final class Capacity extends BerthCommand {
        @Parameters(index = "0", paramLabel = "POOL")
        String pool;

        @Override
        int execute() {
            List<CapacityView> capacity = client().listCapacity(pool);
            if (json()) {
                printJson(capacity);
                return ExitCodes.OK;
            }
            Table table = new Table("ID", "RESOURCES", "FROM", "UNTIL");
            capacity.forEach(c -> table.row(c.id(), c.resources().describe(), Text.instant(c.from()),
                    c.until() == null ? "(no end)" : Text.instant(c.until())));
            table.print(out());
            return ExitCodes.OK;
        }
    }

    @Command(name = "add-capacity", mixinStandardHelpOptions = true,
            description = "Add capacity to a pool for a period (e.g. after \"request more resources\").")
    static final class AddCapacity extends BerthCommand {
        @Parameters(index = "0", paramLabel = "POOL")
        String pool;

        @Option(names = "--cores", paramLabel = "N", defaultValue = "0", description = "Cores (may be fractional).")
        double cores;

        @Option(names = "--memory-mib", paramLabel = "N", defaultValue = "0", description = "Memory in MiB.")
        long memoryMiB;

        @Option(names = "--disk-gib", paramLabel = "N", defaultValue = "0", description = "Disk in GiB.")
        long diskGiB;

        @Option(names = "--extra", paramLabel = "NAME=N", description = "Another dimension, e.g. gpu=2.")
        Map<String, Long> extra;

        @Option(names = "--from", paramLabel = "WHEN", description = "A date or ISO time (default: now).")
        String from;

        @Option(names = "--until", paramLabel = "WHEN", description = "A date or ISO time (default: no end).")
        String until;

        @Override
        int execute() {
            CapacityView added = client().addCapacity(pool, Math.round(cores * 1000), memoryMiB, diskGiB, extra, from,
                    until);
            if (json()) {
                printJson(added);
            } else {
                out().println("Added " + added.resources().describe() + " to " + added.pool() + " from "
                        + Text.instant(added.from()) + (added.until() == null ? "" : " until "
                        + Text.instant(added.until())) + " (" + added.id() + ").");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove-capacity", mixinStandardHelpOptions = true, description = "Remove a capacity allocation.")
    static final class RemoveCapacity extends BerthCommand {
        @Parameters(index = "0", paramLabel = "POOL")
        String pool;

        @Parameters(index = "1", paramLabel = "ID")
        String id;

        @Override
        int execute() {
            client().removeCapacity(pool, id);
            if (!json()) {
                out().println("Removed.");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "discover", mixinStandardHelpOptions = true,
            description = {"Read a pool's physical capacity from a provider's backend (e.g. the allocatable resources"
                    + " of a cluster's nodes) and show what it was made of.",
                    "With --apply the total is also added as the pool's capacity."})
    static final class Discover extends BerthCommand {
        @Parameters(index = "0", paramLabel = "POOL")
        String pool;

        @Option(names = "--provider", paramLabel = "NAME", required = true,
                description = "The provider to ask, e.g. kubernetes or openstack.")
        String provider;

        @Option(names = "--selector", paramLabel = "SELECTOR",
                description = "Which part of the backend to count, e.g. berth.io/pool=gpu (default: all of it).")
        String selector;

        @Option(names = "--apply", description = "Add the total as the pool's capacity.")
        boolean apply;

        @Option(names = "--from", paramLabel = "WHEN", description = "With --apply: a date or ISO time (default: now).")
        String from;

        @Option(names = "--until", paramLabel = "WHEN",
                description = "With --apply: a date or ISO time (default: no end).")
        String until;

        @Override
        int execute() {
            if (!apply && (from != null || until != null)) {
                throw usage("--from and --until go with --apply");
            }
            DiscoveredCapacityView found = client().discoverCapacity(pool, provider, selector, apply, from, until);
            if (json()) {
                printJson(found);
                return ExitCodes.OK;
            }
            Table table = new Table("KIND", "NAME", "RESOURCES", "COUNTED", "NOTE");
            found.sources().forEach(source -> table.row(source.kind(), source.name(), source.resources().describe(),
                    source.counted() ? "yes" : "no", Text.orEmpty(source.note())));
            table.print(out());
            out().println("Total: " + found.total().describe() + " (read from " + found.provider()
                    + (found.selector() == null ? "" : " for " + found.selector()) + " at "
                    + Text.instant(found.readAt()) + ")");
            CapacityView applied = found.applied();
            if (applied == null) {
                out().println("Nothing was changed; add it to " + found.pool() + " with --apply.");
            } else {
                out().println("Added to " + applied.pool() + " from " + Text.instant(applied.from())
                        + (applied.until() == null ? "" : " until " + Text.instant(applied.until())) + " ("
                        + applied.id() + ").");
            }
            return ExitCodes.OK;
        }
    }
}
