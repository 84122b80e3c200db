package dev.leanagent.minif2f.setup;

import dev.leanagent.bridge.toolchain.install.StepResult;

import java.util.List;
import java.util.Optional;

/** What set-up left: every part's state, and the manifest when the workspace is complete. */
public record SetupOutcome(List<StepResult> steps, Optional<WorkspaceManifest> manifest) {

    public boolean complete() {
        return manifest.isPresent();
    }

    public List<StepResult> missing() {
        return steps.stream().filter(s -> !s.ready()).toList();
    }
}
