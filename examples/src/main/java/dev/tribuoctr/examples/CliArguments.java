package dev.tribuoctr.examples;

import com.oracle.labs.mlrg.olcut.config.ArgumentException;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Options;
import com.oracle.labs.mlrg.olcut.config.UsageException;

import java.util.Arrays;

/**
 * Fills an OLCUT {@link Options} object from a subcommand's arguments with OLCUT's own parser
 * ({@code new ConfigurationManager(args, options, false)}: {@code @Option} fields, no configuration files).
 */
final class CliArguments {
    private CliArguments() { }

    /**
     * Parses the arguments into the options' fields.
     * @param command the subcommand, for messages
     * @param args its arguments
     * @param options the options to fill
     * @return true if the options were filled, false if the user asked for {@code --help}/{@code --usage}
     *     (the usage text has then been written to {@code help})
     * @throws CliUsageException on an unknown option, a bad value or a stray argument
     */
    static boolean parse(String command, String[] args, Options options, java.io.PrintStream help) {
        try (ConfigurationManager cm = new ConfigurationManager(args, options, false)) {
            String[] unnamed = cm.getUnnamedArguments();
            if (unnamed.length > 0) {
                throw new CliUsageException("Unexpected argument(s) for '" + command + "': " + Arrays.toString(unnamed)
                        + "\n\n" + usage(command, options), null);
            }
            return true;
        } catch (UsageException e) {
            help.println("Command: java -jar tribuo-ctr-examples.jar " + command + " [options]\n\n" + e.getUsage());
            return false;
        } catch (ArgumentException e) {
            String message = e.getMessage();
            String usage = usage(command, options);
            throw new CliUsageException("Bad arguments for '" + command + "': " + message
                    + (message.contains("Usage:") ? "" : "\n\n" + usage), e);
        }
    }

    /**
     * @param command the subcommand
     * @param options its options
     * @return the usage text of the subcommand
     */
    static String usage(String command, Options options) {
        return "Command: java -jar tribuo-ctr-examples.jar " + command + " [options]\n\n"
                + ConfigurationManager.validateOptions(options, false);
    }

    /**
     * Prepares the arguments of a command driven by an OLCUT configuration: {@code --config FILE} becomes OLCUT's
     * {@code --config-file FILE}, and a missing configuration is a usage error (unless help is asked for).
     * @param command the command's name, for messages
     * @param args its arguments
     * @param example an example configuration to name in the error
     * @param usage the command's usage text
     * @return the arguments for {@code ConfigurationManager}
     */
    static String[] configArguments(String command, String[] args, String example, String usage) {
        String[] rewritten = args.clone();
        boolean hasConfig = false;
        for (int i = 0; i < rewritten.length; i++) {
            if (rewritten[i].equals("--config")) {
                rewritten[i] = "--config-file";
            }
            hasConfig |= rewritten[i].equals("--config-file") || rewritten[i].equals("-c");
        }
        boolean help = java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("--usage");
        if (!hasConfig && !help) {
            throw new CliUsageException(command + " needs --config FILE (" + example + ")\n\n" + usage, null);
        }
        return rewritten;
    }

    /**
     * @param command the command's name
     * @param unnamed arguments OLCUT did not recognise
     * @param usage the command's usage text
     * @throws CliUsageException when there are any
     */
    static void rejectUnnamed(String command, String[] unnamed, String usage) {
        if (unnamed.length > 0) {
            throw new CliUsageException("Unexpected argument(s) for '" + command + "': "
                    + java.util.Arrays.toString(unnamed) + "\n\n" + usage, null);
        }
    }
}
