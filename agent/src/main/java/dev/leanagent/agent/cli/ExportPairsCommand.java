package dev.leanagent.agent.cli;

import dev.leanagent.agent.UsageException;
import dev.leanagent.agent.trace.PairExport;
import dev.leanagent.agent.trace.TraceFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "export-pairs", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Turn a run's results and traces into (state, tactic) training pairs.",
                "",
                "For each proved theorem of --results (the last line of each theorem and attempt, as --resume reads "
                        + "it), its trace in --traces is walked along the reported proof: each state on the way and the "
                        + "tactic applied there make one pair, as expert iteration (PACT, InternLM-Math) trains on them. "
                        + "Traces come from `prove` or `bench minif2f` with --trace DIR (format: search/TRACES.md).",
                "",
                "--out gets one JSON object per line: file, name, attempt, step (from 0 along the proof), state (the "
                        + "text a model is prompted with), state_text (pretty: Lean's default printout; canonical: the "
                        + "trace had no pretty text, so the canonical text stands in), canonical, tactic, logprob, "
                        + "state_id (the state's id in the trace).",
                "",
                "A proved theorem without a trace, a trace of another run (another proof), or a line that does not "
                        + "read is an error that names the file and line; nothing is written then.",
                "Exit status 0 when the pairs were written; 2 for a usage error or such input."})
public final class ExportPairsCommand implements Callable<Integer> {

    @Option(names = "--results", paramLabel = "R.jsonl", required = true,
            description = "A results file (prove --out, or a miniF2F run's results.jsonl).")
    Path results;

    @Option(names = "--traces", paramLabel = "DIR", required = true, description = "The --trace directory of that run.")
    Path traces;

    @Option(names = "--out", paramLabel = "PAIRS.jsonl", required = true, description = "Where the pairs go (replaced).")
    Path out;

    @Override
    public Integer call() throws Exception {
        PairExport.Export export;
        try {
            export = PairExport.export(results, traces);
        } catch (PairExport.ExportException e) {
            throw new UsageException(e.getMessage());
        }
        if (out.getParent() != null) Files.createDirectories(out.getParent());
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (PairExport.Pair p : export.pairs()) {
                w.write(TraceFormat.json().writeValueAsString(p));
                w.newLine();
            }
        } catch (IOException e) {
            throw new UsageException("cannot write " + out + ": " + e.getMessage());
        }
        long canonical = export.pairs().stream().filter(p -> p.stateText().equals("canonical")).count();
        System.out.println("wrote " + export.pairs().size() + " pairs from " + export.proofs() + " proofs to " + out
                + (canonical > 0 ? "; " + canonical + " with the canonical state text (their traces carry no pretty text)" : ""));
        if (export.unfinishedTraces() > 0) {
            System.err.println("lean-agent: " + export.unfinishedTraces() + " traces in " + traces
                    + " were cut short (.part files) and are not used");
        }
        return 0;
    }
}
