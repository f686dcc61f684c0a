package io.berth.server;

import io.berth.core.error.BerthException;
import io.berth.server.web.WebSettings;
import io.javalin.util.JavalinBindException;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;

/**
 * Command line entry point: {@code serve} (the default) runs the server configured by the environment
 * (see {@link ServerConfig}) until the process is stopped.
 *
 * <p>Exit codes: 0 after a normal stop, 1 when the server cannot start, 2 for a bad configuration or usage.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        String action = args.length == 0 ? "serve" : args[0];
        switch (action) {
            case "serve" -> {
                if (args.length > 1) {
                    usage(System.err);
                    System.exit(2);
                }
                serve();
            }
            case "help", "--help", "-h" -> usage(System.out);
            default -> {
                System.err.println("berth: unknown action '" + action + "'");
                usage(System.err);
                System.exit(2);
            }
        }
    }

    private static void serve() {
        ServerConfig config;
        WebSettings web;
        try {
            config = ServerConfig.fromEnvironment();
            web = WebSettings.fromEnvironment(System.getenv());
        } catch (ServerConfig.ConfigException e) {
            System.err.println("berth: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        BerthServer server;
        try {
            server = BerthServer.builder(config).web(web).start();
        } catch (BerthException e) {
            System.err.println("berth: cannot start (" + e.errorCode().code() + "): " + e.getMessage());
            System.exit(1);
            return;
        } catch (JavalinBindException | UncheckedIOException e) {
            System.err.println("berth: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        } catch (RuntimeException e) {
            System.err.println("berth: cannot start: " + e);
            e.printStackTrace(System.err);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "berth-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: berth-server [serve]");
        out.println();
        out.println("Runs the Berth reference server. Configuration comes from environment variables:");
        out.println("  BERTH_PORT (8080), BERTH_DATA_DIR (./data), BERTH_DB_URL (H2 file under the data folder),");
        out.println("  BERTH_DB_USER, BERTH_DB_PASSWORD, BERTH_DB_POOL_SIZE (10), BERTH_PROVIDER (local),");
        out.println("  BERTH_SCRIPT_ROOT (<data>/scripts), BERTH_EXECUTOR_WORKERS (4), BERTH_LEASE_SECONDS (30),");
        out.println("  BERTH_FETCH_SCHEMES (https), BERTH_DEMO_CATALOG (true),");
        out.println("  BERTH_PROVIDER_<NAME>_<KEY> (provider settings), BERTH_SECRET_<NAME> (provider secrets).");
    }
}
