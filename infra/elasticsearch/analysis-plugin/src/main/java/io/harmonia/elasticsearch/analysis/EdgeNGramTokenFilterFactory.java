package io.harmonia.elasticsearch.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;
import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.BooleanSetting;
import org.elasticsearch.plugin.settings.IntSetting;

/**
 * The {@code edge_ngram} token filter, as Elasticsearch's analysis-common module defines it: each
 * token becomes its prefixes of {@code min_gram} to {@code max_gram} characters ("queen" → "q",
 * "qu", "que", …), the index side of search-as-you-type.
 *
 * <p>Settings, with Elasticsearch's defaults: {@code min_gram} (1), {@code max_gram} (2),
 * {@code preserve_original} (false: a token longer than {@code max_gram} is indexed only as its
 * prefixes). The deprecated {@code side} setting is not supported.
 */
@NamedComponent("edge_ngram")
public final class EdgeNGramTokenFilterFactory implements TokenFilterFactory {

    /** The filter's settings in an index definition. */
    @AnalysisSettings
    public interface Settings {
        @IntSetting(path = "min_gram", defaultValue = 1)
        int minGram();

        @IntSetting(path = "max_gram", defaultValue = 2)
        int maxGram();

        @BooleanSetting(path = "preserve_original", defaultValue = false)
        boolean preserveOriginal();
    }

    private final int minGram;
    private final int maxGram;
    private final boolean preserveOriginal;

    @Inject
    public EdgeNGramTokenFilterFactory(Settings settings) {
        this.minGram = settings.minGram();
        this.maxGram = settings.maxGram();
        this.preserveOriginal = settings.preserveOriginal();
        if (minGram < 1) {
            throw new IllegalArgumentException("[edge_ngram] min_gram must be at least 1, got " + minGram);
        }
        if (maxGram < minGram) {
            throw new IllegalArgumentException(
                "[edge_ngram] max_gram (" + maxGram + ") must not be less than min_gram (" + minGram + ")");
        }
    }

    @Override
    public TokenStream create(TokenStream input) {
        return new EdgeNGramTokenFilter(input, minGram, maxGram, preserveOriginal);
    }
}
