package dev.leanagent.minif2f;

import dev.leanagent.bridge.file.Declaration;
import dev.leanagent.bridge.file.LeanFile;
import dev.leanagent.bridge.file.LeanFileReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StandaloneTheoremsTest {

    private static final String SPLIT = """
            import minif2f_import

            open_locale big_operators
            open_locale real

            theorem proved_by_authors (x : ℝ) (h : x = 2) : x + 1 = 3 :=
            begin
              subst h, norm_num,
            end

            theorem open_one (n : ℕ) (h : n = 3) : n * 2 = 6 :=
            begin
              sorry
            end
            """;

    @Test
    void aTheoremSeesOnlyTheHeaderAndIsCheckedAlone() {
        LeanFile file = StandaloneTheorems.of(LeanFileReader.parse(SPLIT, Path.of("/ws/valid.lean")));
        Declaration open = file.find("open_one").orElseThrow();
        Declaration authors = file.find("proved_by_authors").orElseThrow();

        String context = file.contextFor(open);
        assertTrue(context.contains("open_locale real"), context);
        assertFalse(context.contains("proved_by_authors"), "another problem's proof is not context: " + context);
        assertTrue(authors.usesSorry(), "so the checker leaves it out of the file it compiles");
        assertEquals(2, file.declarations().size(), "every problem is still a target");
        assertEquals(Path.of("/ws/valid.lean"), file.path());

        String checked = file.edited(Map.of(open, "begin\n  norm_num [h],\nend"), Set.of(authors));
        assertFalse(checked.contains("proved_by_authors"), checked);
        assertTrue(checked.contains("theorem open_one"), checked);
    }
}
