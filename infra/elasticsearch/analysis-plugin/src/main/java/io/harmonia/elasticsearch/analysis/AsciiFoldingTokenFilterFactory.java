package io.harmonia.elasticsearch.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;
import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.BooleanSetting;

/**
 * The {@code asciifolding} token filter, as Elasticsearch's analysis-common module defines it:
 * folds letters, digits and symbols outside Basic Latin to their ASCII equivalents
 * ("Motörhead" → "motorhead" after lowercasing), optionally keeping the original token too.
 *
 * <p>Settings: {@code preserve_original} (default {@code false}).
 */
@NamedComponent("asciifolding")
public final class AsciiFoldingTokenFilterFactory implements TokenFilterFactory {

    /** The filter's settings in an index definition. */
    @AnalysisSettings
    public interface Settings {
        @BooleanSetting(path = "preserve_original", defaultValue = false)
        boolean preserveOriginal();
    }

    private final boolean preserveOriginal;

    @Inject
    public AsciiFoldingTokenFilterFactory(Settings settings) {
        this.preserveOriginal = settings.preserveOriginal();
    }

    @Override
    public TokenStream create(TokenStream input) {
        return new ASCIIFoldingFilter(input, preserveOriginal);
    }

    /**
     * Folding also applies to the terms of prefix, wildcard and fuzzy queries and to normalizers,
     * without the original: a normalized term is a single token.
     */
    @Override
    public TokenStream normalize(TokenStream input) {
        return new ASCIIFoldingFilter(input, false);
    }
}
