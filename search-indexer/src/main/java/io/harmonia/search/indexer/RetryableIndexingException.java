package io.harmonia.search.indexer;

/** Elasticsearch did not take a bulk now; the same bulk may succeed later. */
public final class RetryableIndexingException extends Exception {

  public RetryableIndexingException(String message, Throwable cause) {
    super(message, cause);
  }
}
