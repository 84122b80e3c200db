package dev.leanagent.search;

/**
 * How a search ended. {@code FOUND} is the search's own word: the caller reports "proved" only
 * after an independent check (see RESULTS.md).
 */
public enum SearchStatus {
    FOUND, FAILED, BUDGET, TIMEOUT, ERROR
}
