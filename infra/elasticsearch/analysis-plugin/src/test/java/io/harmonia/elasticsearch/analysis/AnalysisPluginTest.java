package io.harmonia.elasticsearch.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;
import org.junit.jupiter.api.Test;

/**
 * The filters behave like Elasticsearch's own, and named_components.json (which Elasticsearch
 * reads instead of scanning the jar) lists exactly the annotated classes.
 */
class AnalysisPluginTest {

    @Test
    void asciifoldingFoldsAndCanPreserveTheOriginal() throws IOException {
        assertEquals(List.of("motorhead", "sigur", "ros", "bjork"),
            analyze("Motörhead Sigur Rós Björk", asciifolding(false)::create));
        assertEquals(List.of("motorhead", "motörhead", "ros", "rós"),
            analyze("Motörhead Rós", asciifolding(true)::create));
        // normalization (prefix/fuzzy query terms, normalizers) never keeps the original
        assertEquals(List.of("motorhead"), analyze("Motörhead", asciifolding(true)::normalize));
    }

    @Test
    void edgeNgramIndexesPrefixes() throws IOException {
        assertEquals(List.of("q", "qu", "que", "quee", "queen"), analyze("Queen", edgeNgram(1, 20, false)::create));
        assertEquals(List.of("bo", "boh", "rh", "rha"), analyze("Bohemian Rhapsody", edgeNgram(2, 3, false)::create));
        assertEquals(List.of("bo", "boh", "bohemian", "ab"), analyze("Bohemian ab", edgeNgram(2, 3, true)::create));
        assertThrows(IllegalArgumentException.class, () -> edgeNgram(0, 2, false));
        assertThrows(IllegalArgumentException.class, () -> edgeNgram(3, 2, false));
    }

    @Test
    void namedComponentsFileListsEveryAnnotatedFactory() throws IOException, URISyntaxException {
        Map<String, String> annotated = new TreeMap<>();
        Path classes = Path.of(AnalysisPluginTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolveSibling("classes");
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                try {
                    Class<?> type = Class.forName(name);
                    NamedComponent component = type.getAnnotation(NamedComponent.class);
                    if (component != null) {
                        annotated.put(component.value(), type.getName());
                    }
                } catch (ClassNotFoundException e) {
                    throw new AssertionError(e);
                }
            }
        }
        String json = Files.readString(Path.of("src/main/plugin-metadata/named_components.json"));
        assertEquals(1, count(json, Pattern.compile("\"([\\w.]+)\"\\s*:\\s*\\{")), "one extensible");
        assertEquals(true, json.contains("\"" + TokenFilterFactory.class.getName() + "\""));
        Map<String, String> listed = new TreeMap<>();
        Matcher m = Pattern.compile("\"([\\w-]+)\"\\s*:\\s*\"([\\w.$]+)\"").matcher(json);
        while (m.find()) {
            listed.put(m.group(1), m.group(2));
        }
        assertEquals(annotated, listed);
        assertEquals(Map.of(
            "asciifolding", AsciiFoldingTokenFilterFactory.class.getName(),
            "edge_ngram", EdgeNGramTokenFilterFactory.class.getName()), listed);
    }

    private static int count(String text, Pattern pattern) {
        return (int) pattern.matcher(text).results().count();
    }

    private static AsciiFoldingTokenFilterFactory asciifolding(boolean preserveOriginal) {
        return new AsciiFoldingTokenFilterFactory(() -> preserveOriginal);
    }

    private static EdgeNGramTokenFilterFactory edgeNgram(int min, int max, boolean preserveOriginal) {
        return new EdgeNGramTokenFilterFactory(new EdgeNGramTokenFilterFactory.Settings() {
            @Override
            public int minGram() {
                return min;
            }

            @Override
            public int maxGram() {
                return max;
            }

            @Override
            public boolean preserveOriginal() {
                return preserveOriginal;
            }
        });
    }

    /** standard tokenizer + lowercase + the filter under test, like our index analyzers. */
    private static List<String> analyze(String text, UnaryOperator<TokenStream> filter) throws IOException {
        StandardTokenizer tokenizer = new StandardTokenizer();
        tokenizer.setReader(new StringReader(text));
        List<String> terms = new ArrayList<>();
        try (TokenStream stream = filter.apply(new LowerCaseFilter(tokenizer))) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        }
        return terms;
    }
}
