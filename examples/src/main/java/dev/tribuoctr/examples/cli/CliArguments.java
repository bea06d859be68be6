package dev.tribuoctr.examples.cli;

import com.oracle.labs.mlrg.olcut.config.ArgumentException;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Options;
import com.oracle.labs.mlrg.olcut.config.UsageException;

import dev.tribuoctr.ctr.config.ConfiguredNumbers;
import dev.tribuoctr.ctr.config.SafeConfigurations;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Fills an OLCUT {@link Options} object from a subcommand's arguments with OLCUT's own parser
 * ({@code new ConfigurationManager(args, options, false)}: {@code @Option} fields, no configuration files).
 */
public final class CliArguments {
    private static final Logger logger = Logger.getLogger(CliArguments.class.getName());

    /** The option that sets a global property of the configuration: {@code --set NAME=VALUE}. */
    public static final String SET = "--set";

    /** One line for the usage text of the commands that accept {@link #SET}. */
    public static final String SET_USAGE = "    --set NAME=VALUE  Sets the global property ${NAME} of the configuration before its components are"
            + " created,\n                      e.g. --set amazon.name=Books; repeatable (the last value of a name wins).\n";

    /** Names OLCUT accepts for a global property (the part inside {@code ${...}}). */
    private static final Pattern PROPERTY_NAME = Pattern.compile("[\\w.-]+");

    private CliArguments() { }

    /**
     * The {@code --set NAME=VALUE} pairs taken out of a command's arguments, and the arguments left for OLCUT.
     * @param properties the global properties to set, in command-line order (a repeated name keeps its last value)
     * @param rest the other arguments
     */
    public record PropertySettings(Map<String, String> properties, String[] rest) {
        /**
         * Sets the properties on a configuration manager, before any component is looked up (OLCUT resolves
         * {@code ${NAME}} when a component is created). A name the configuration does not define is set all the
         * same, with a warning, since a configuration may still refer to it.
         * @param cm the configuration manager
         */
        void applyTo(ConfigurationManager cm) {
            for (Map.Entry<String, String> e : properties.entrySet()) {
                if (!cm.getGlobalProperties().keySet().contains(e.getKey())) {
                    logger.warning("--set " + e.getKey() + "=" + e.getValue() + ": the configuration defines no global"
                            + " property '" + e.getKey() + "'; it is set anyway but may be unused");
                }
                cm.setGlobalProperty(e.getKey(), e.getValue());
                logger.info("Global property " + e.getKey() + " = " + e.getValue());
            }
        }
    }

    /**
     * Sets {@code data.dir} from a command's {@code --data-dir} option (absolute) and then the {@code --set}
     * properties, before any component is looked up.
     * @param cm the configuration manager
     * @param settings the {@code --set} properties
     * @param dataDir the {@code --data-dir} value, or null
     * @param command the command's name, for messages
     * @param usage the command's usage text
     * @throws CliUsageException when both {@code --data-dir} and {@code --set data.dir=...} are given
     */
    public static void applyProperties(ConfigurationManager cm, PropertySettings settings, java.nio.file.Path dataDir,
                                String command, String usage) {
        if (dataDir != null) {
            if (settings.properties().containsKey("data.dir")) {
                throw new CliUsageException(command + ": give the data folder once, with --data-dir DIR or with"
                        + " --set data.dir=DIR, not both\n\n" + usage, null);
            }
            cm.setGlobalProperty("data.dir", dataDir.toAbsolutePath().toString());
        }
        settings.applyTo(cm);
    }

    /**
     * Takes the {@code --set NAME=VALUE} options out of a command's arguments (OLCUT does not know them; its own
     * {@code --@NAME value} cannot set a property whose name has a dot, such as {@code data.dir}).
     * @param command the command's name, for messages
     * @param args its arguments
     * @param usage the command's usage text
     * @return the properties and the remaining arguments
     * @throws CliUsageException on {@code --set} without a value, without {@code =}, with an empty name or with a
     *     name OLCUT cannot use in {@code ${...}}
     */
    public static PropertySettings extractSettings(String command, String[] args, String usage) {
        Map<String, String> properties = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].equals(SET)) {
                rest.add(args[i]);
                continue;
            }
            if (i + 1 >= args.length) {
                throw new CliUsageException(command + ": --set needs NAME=VALUE, e.g. --set amazon.name=Books\n\n" + usage, null);
            }
            String setting = args[++i];
            int eq = setting.indexOf('=');
            if (eq < 0) {
                throw new CliUsageException(command + ": --set '" + setting + "' has no '=': write --set NAME=VALUE,"
                        + " e.g. --set amazon.name=Books\n\n" + usage, null);
            }
            String name = setting.substring(0, eq).trim();
            if (name.isEmpty()) {
                throw new CliUsageException(command + ": --set '" + setting + "' has an empty property name: write"
                        + " --set NAME=VALUE\n\n" + usage, null);
            }
            if (!PROPERTY_NAME.matcher(name).matches()) {
                throw new CliUsageException(command + ": --set '" + setting + "': '" + name + "' is not a global property"
                        + " name (letters, digits, '_', '.' and '-' only)\n\n" + usage, null);
            }
            properties.remove(name);
            properties.put(name, setting.substring(eq + 1));
        }
        return new PropertySettings(properties, rest.toArray(new String[0]));
    }

    /**
     * Parses the arguments into the options' fields.
     * @param command the subcommand, for messages
     * @param args its arguments
     * @param options the options to fill
     * @return true if the options were filled, false if the user asked for {@code --help}/{@code --usage}
     *     (the usage text has then been written to {@code help})
     * @throws CliUsageException on an unknown option, a bad value or a stray argument
     */
    public static boolean parse(String command, String[] args, Options options, java.io.PrintStream help) {
        String[] checked = checkArguments(command, withFlagValues(args, options), options, usage(command, options));
        try (ConfigurationManager cm = new ConfigurationManager(checked, options, false)) {
            String[] unnamed = cm.getUnnamedArguments();
            if (unnamed.length > 0) {
                throw new CliUsageException("Unexpected argument(s) for '" + command + "': " + Arrays.toString(unnamed)
                        + "\n\n" + usage(command, options), null);
            }
            return true;
        } catch (UsageException e) {
            help.println("Command: java -jar tribuo-ctr-examples.jar " + command + " [options]\n\n"
                    + readableDefaults(e.getUsage(), options));
            return false;
        } catch (ArgumentException e) {
            String message = e.getMessage();
            String usage = usage(command, options);
            throw new CliUsageException("Bad arguments for '" + command + "': " + message
                    + (message.contains("Usage:") ? "" : "\n\n" + usage), e);
        }
    }

    /**
     * OLCUT wants a value after every option, booleans included; a command line user writes {@code --profile}.
     * A boolean option that is last or followed by another option gets {@code true}.
     * @param args the arguments
     * @param options the options they are for
     * @return the arguments with the implied {@code true}s
     */
    public static String[] withFlagValues(String[] args, Options options) {
        java.util.Set<String> flags = new java.util.HashSet<>();
        optionFields(options).forEach((name, f) -> {
            if (f.getType() == boolean.class || f.getType() == Boolean.class) {
                flags.add("--" + name);
            }
        });
        java.util.List<String> out = new java.util.ArrayList<>(args.length + 2);
        for (int i = 0; i < args.length; i++) {
            out.add(args[i]);
            if (flags.contains(args[i]) && (i + 1 == args.length || args[i + 1].startsWith("--"))) {
                out.add("true");
            }
        }
        return out.toArray(new String[0]);
    }

    /**
     * @param command the subcommand
     * @param options its options
     * @return the usage text of the subcommand
     */
    public static String usage(String command, Options options) {
        return "Command: java -jar tribuo-ctr-examples.jar " + command + " [options]\n\n"
                + optionsText(options, false);
    }

    /**
     * OLCUT's table of a command's options, with array defaults as the user would type them.
     * @param options the options
     * @param configurationOptions whether to list OLCUT's configuration-file options too
     * @return the table
     */
    public static String optionsText(Options options, boolean configurationOptions) {
        return readableDefaults(ConfigurationManager.validateOptions(options, configurationOptions), options);
    }

    /** OLCUT prints an array default as {@code [I@65d09a04}; the user types {@code 2,4,6,8}. */
    private static String readableDefaults(String usage, Options options) {
        java.util.Map<String, String> defaults = new java.util.HashMap<>();
        for (Map.Entry<String, java.lang.reflect.Field> option : optionFields(options).entrySet()) {
            java.lang.reflect.Field f = option.getValue();
            if (f.getType().isArray()) {
                try {
                    Object value = f.get(options);
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; value != null && i < java.lang.reflect.Array.getLength(value); i++) {
                        sb.append(i == 0 ? "" : ",").append(java.lang.reflect.Array.get(value, i));
                    }
                    defaults.put(option.getKey(), sb.toString());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("public option field " + f + " is not readable", e);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        for (String line : usage.split("\n", -1)) {
            String[] words = line.trim().split("\\s+");
            String name = words.length > 1 && words[0].length() == 1 && defaults.containsKey(words[1]) ? words[1]
                    : words.length > 0 ? words[0] : "";
            out.append(defaults.containsKey(name) ? line.replaceFirst("\\[[A-Z]@[0-9a-f]+",
                    java.util.regex.Matcher.quoteReplacement(defaults.get(name))) : line).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    /**
     * Opens the configuration of a command driven by one ({@code train}, {@code select}, {@code load-bench},
     * {@code local-sgd-sim}): takes out the {@code --set} properties, checks the arguments
     * ({@link #checkArguments}), reads the configuration through the screened reader
     * ({@link SafeConfigurations}), fills the options, applies {@code --@component.field} overrides (OLCUT) and then
     * {@code --data-dir} and the {@code --set} properties.
     * @param command the command's name, for messages
     * @param args its arguments
     * @param options the options to fill
     * @param dataDir reads the {@code --data-dir} option once the options are filled (null if not given)
     * @param example an example configuration to name when {@code --config} is missing
     * @param usage the command's usage text
     * @return the configuration manager, which the caller closes
     * @throws UsageException if the user asked for the usage
     * @throws ArgumentException if OLCUT refuses an argument
     * @throws CliUsageException on any other usage error
     */
    public static ConfigurationManager openConfiguration(String command, String[] args, Options options,
                                                         Supplier<Path> dataDir, String example, String usage)
            throws UsageException, ArgumentException {
        SafeConfigurations.install();
        PropertySettings settings = extractSettings(command, args, usage);
        String[] rewritten = configArguments(command, settings.rest(), example, usage);
        String[] checked = checkArguments(command, withFlagValues(rewritten, options), options, usage);
        ConfigurationManager cm = new ConfigurationManager(checked, options);
        try {
            rejectUnnamed(command, cm.getUnnamedArguments(), usage);
            applyProperties(cm, settings, dataDir.get(), command, usage);
            ConfiguredNumbers.check(cm);
            return cm;
        } catch (RuntimeException e) {
            cm.close();
            throw e;
        }
    }

    /**
     * Refuses what OLCUT's parser would take silently: a numeric option whose value is not a plain decimal
     * ({@code 0.01d}, {@code 0x1p3}, {@code NaN}: {@link ConfiguredNumbers}), an option given twice (OLCUT keeps one of the two; a second
     * {@code --config} replaced the first), an option whose value is missing because the next argument is another
     * option ({@code --out --overwrite} would write to a folder named {@code --overwrite}), and
     * {@code --config-file-formats} (it instantiates classes named on the command line; only XML configurations are
     * read). Run after {@link #withFlagValues}, so that every boolean option already has its value.
     * @param command the command's name, for messages
     * @param args its arguments
     * @param options its options
     * @param usage the command's usage text
     * @return the arguments, unchanged
     * @throws CliUsageException on a repeated option or an option without its value
     */
    public static String[] checkArguments(String command, String[] args, Options options, String usage) {
        Map<String, String> valueOptions = new HashMap<>();
        Map<String, Class<?>> types = new HashMap<>();
        optionFields(options).forEach((name, f) -> {
            types.put("--" + name, f.getType());
            valueOptions.put("--" + name, "--" + name);
            char c = f.getAnnotation(com.oracle.labs.mlrg.olcut.config.Option.class).charName();
            if (c != com.oracle.labs.mlrg.olcut.config.Option.EMPTY_CHAR) {
                valueOptions.put("-" + c, "--" + name);
            }
        });
        for (String config : List.of("--config", "--config-file", "-c")) {
            valueOptions.put(config, "--config");
        }
        Map<String, String> seen = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--config-file-formats")) {
                throw new CliUsageException(command + ": --config-file-formats is not supported: configurations are"
                        + " OLCUT XML files (.xml)\n\n" + usage, null);
            }
            boolean override = arg.startsWith("--@");
            if (!override && !valueOptions.containsKey(arg)) {
                continue; // a value, or an unknown option OLCUT reports with the usage
            }
            String canonical = override ? arg : valueOptions.get(arg);
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value != null && (value.startsWith("--") || valueOptions.containsKey(value))) {
                throw new CliUsageException(command + ": " + arg + " needs a value, but is followed by the option "
                        + value + "\n\n" + usage, null);
            }
            String notANumber = value == null || !types.containsKey(canonical) ? null
                    : ConfiguredNumbers.problem(types.get(canonical), value);
            if (notANumber != null) {
                throw new CliUsageException(command + ": " + arg + " " + value + ": " + notANumber + "\n\n" + usage,
                        null);
            }
            if (seen.containsKey(canonical)) {
                throw new CliUsageException(command + ": " + arg + " is given twice (" + seen.get(canonical) + " and "
                        + value + "); give it once" + (canonical.equals("--config")
                        ? " (several configuration files go in one comma-separated list: --config a.xml,b.xml)" : "")
                        + "\n\n" + usage, null);
            }
            seen.put(canonical, value);
            i++;
        }
        return args;
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
    public static String[] configArguments(String command, String[] args, String example, String usage) {
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
        for (int i = 0; i + 1 < rewritten.length; i++) {
            if (rewritten[i].equals("--config-file") || rewritten[i].equals("-c")) {
                for (String file : ConfigurationManager.parseStringList(rewritten[i + 1])) {
                    requireConfigurationFile(command, Path.of(file), usage);
                }
            }
        }
        return rewritten;
    }

    /** The {@code @Option} fields of an options class, by long name (without the leading {@code --}). */
    private static Map<String, java.lang.reflect.Field> optionFields(Options options) {
        Map<String, java.lang.reflect.Field> fields = new LinkedHashMap<>();
        for (java.lang.reflect.Field f : options.getClass().getFields()) {
            com.oracle.labs.mlrg.olcut.config.Option o = f.getAnnotation(com.oracle.labs.mlrg.olcut.config.Option.class);
            if (o != null) {
                fields.put(o.longName(), f);
            }
        }
        return fields;
    }

    /**
     * Checks a configuration file named on the command line before OLCUT reads it.
     * @param command the command's name, for messages
     * @param file the file
     * @param usage the command's usage text
     * @throws CliUsageException if it is missing, not a file, or not an {@code .xml} file
     */
    public static void requireConfigurationFile(String command, Path file, String usage) {
        if (!Files.isRegularFile(file)) {
            throw new CliUsageException(command + ": --config " + file + (Files.exists(file) ? " is not a file"
                    : " does not exist") + " (looked for " + file.toAbsolutePath() + ")\n\n" + usage, null);
        }
        try {
            SafeConfigurations.requireXml(file);
        } catch (IllegalArgumentException e) {
            throw new CliUsageException(command + ": " + e.getMessage() + "\n\n" + usage, e);
        }
    }

    /**
     * @param command the command's name
     * @param unnamed arguments OLCUT did not recognise
     * @param usage the command's usage text
     * @throws CliUsageException when there are any
     */
    public static void rejectUnnamed(String command, String[] unnamed, String usage) {
        if (unnamed.length > 0) {
            throw new CliUsageException("Unexpected argument(s) for '" + command + "': "
                    + java.util.Arrays.toString(unnamed) + "\n\n" + usage, null);
        }
    }
}
