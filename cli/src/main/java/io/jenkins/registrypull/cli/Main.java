package io.jenkins.registrypull.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar registry-pull.jar <command>}: the engine from a shell. */
@Command(name = "registry-pull", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Pulls container images from registries, verified, with credentials only in memory.",
        subcommands = {PullCommand.class, AuthExecCommand.class, PruneCommand.class, VerifyStoreCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:the command succeeded",
                "1:another failure (network, registry error, disk)",
                "2:bad input (reference, option, platform, digest)",
                "3:authentication or authorization failed",
                "4:image, tag or platform not found",
                "5:verification failed (digest, size, signature; verify-store: corrupt blobs found)",
                "6:a redirect was refused (to a metadata address, to plain http, off the registry, of a token request)"})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line without exiting, for tests. */
    public static int run(String... args) {
        return run(null, null, args);
    }

    /** Runs the command line without exiting, writing to {@code out} and {@code err} (null: the console). */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        if (out != null) {
            cli.setOut(out);
        }
        if (err != null) {
            cli.setErr(err);
        }
        cli.setExecutionExceptionHandler(new FailureHandler());
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("registry-pull: " + e.getMessage());
            e.getCommandLine().getErr().println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help' for usage.");
            return ExitCodes.BAD_INPUT;
        });
        return cli.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"registry-pull " + (version == null ? "dev" : version)};
        }
    }
}
