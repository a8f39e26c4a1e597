package dev.feedkit;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/*
 * Why a JFR event in core: a host's continuous profiler, or `jcmd <pid> JFR.start`, then sees
 * where each page went next to its GC, lock and I/O events, with no dependency and no listener to
 * wire. The event is committed only when a recording enables it (shouldCommit), so a process that
 * records nothing pays one allocation that escape analysis removes and one flag check per page
 * (JfrBench measures it against a warm page). No stack trace: the pipeline's stack says nothing.
 */

/** The JFR event {@code dev.feedkit.Page}: one per assembled page, with the figures of FeedStats. */
@Name("dev.feedkit.Page")
@Label("Feed Page")
@Category("feedkit")
@Description("One page assembled by a FeedAssembler: items, where its entities came from, and the time per step")
@StackTrace(false)
final class PageEvent extends jdk.jfr.Event {
    @Label("Viewer")
    long viewerId;
    @Label("Items")
    int items;
    @Label("Candidates")
    int candidates;
    @Label("L1 Hits")
    int l1Hits;
    @Label("L2 Hits")
    int l2Hits;
    @Label("Store Keys")
    int storeKeys;
    @Label("Coalesced Keys")
    int coalescedKeys;
    @Label("Store Calls")
    int storeCalls;
    @Label("Source")
    @Timespan(Timespan.NANOSECONDS)
    long sourceNanos;
    @Label("L1")
    @Timespan(Timespan.NANOSECONDS)
    long l1Nanos;
    @Label("L2")
    @Timespan(Timespan.NANOSECONDS)
    long l2Nanos;
    @Label("Store")
    @Timespan(Timespan.NANOSECONDS)
    long storeNanos;
    @Label("Filter")
    @Timespan(Timespan.NANOSECONDS)
    long filterNanos;
    @Label("Write")
    @Timespan(Timespan.NANOSECONDS)
    long writeNanos;
    @Label("Stale Candidates")
    boolean staleCandidates;
    @Label("Extra Rounds")
    int extraRounds;

    /** Commits one event with {@code st}'s figures if a recording enables the event. */
    static void commit(FeedStats st) {
        PageEvent e = new PageEvent();
        if (!e.shouldCommit()) {
            return;
        }
        e.viewerId = st.viewerId();
        e.items = st.items();
        e.candidates = st.candidates();
        e.l1Hits = st.l1Hits();
        e.l2Hits = st.l2Hits();
        e.storeKeys = st.storeKeys();
        e.coalescedKeys = st.coalescedKeys();
        e.storeCalls = st.storeCalls();
        e.sourceNanos = st.sourceNanos();
        e.l1Nanos = st.l1Nanos();
        e.l2Nanos = st.l2Nanos();
        e.storeNanos = st.storeNanos();
        e.filterNanos = st.filterNanos();
        e.writeNanos = st.writeNanos();
        e.staleCandidates = st.staleCandidates();
        e.extraRounds = st.extraRounds();
        e.commit();
    }
}
