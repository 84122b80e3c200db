package dev.leanagent.agent.cli;

import com.typesafe.config.Config;
import dev.leanagent.agent.LeanSettings;
import dev.leanagent.agent.Settings;
import dev.leanagent.bridge.sandbox.Sandbox;
import dev.leanagent.bridge.toolchain.ToolchainLocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"Print the settings in effect, and the Lean toolchain and sandbox that would be used.",
                "",
                "Settings come from the defaults, then --config FILE, then --set KEY=VALUE overrides."})
public final class ConfigCommand implements Callable<Integer> {

    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() {
        Config c = global.config();
        System.out.println(Settings.render(c));
        LeanSettings s = LeanSettings.from(c);
        try {
            System.out.println("# lean: " + ToolchainLocator.fromSystem().locate(s.home()).describe());
        } catch (RuntimeException e) {
            System.out.println("# lean: not found\n#   " + e.getMessage().replace("\n", "\n#   "));
        }
        try {
            Sandbox.detect();
            System.out.println("# sandbox: bubblewrap works here");
        } catch (RuntimeException e) {
            System.out.println("# sandbox: unavailable\n#   " + e.getMessage().replace("\n", "\n#   "));
        }
        return 0;
    }
}
