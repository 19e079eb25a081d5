package org.wsgi4j.wsgi;

/**
 * Counters of a process group, for monitoring and for tests that check outcomes by counts.
 *
 * @param replicasCreated replicas the factory made (the first ones included)
 * @param replicasClosed replicas closed after they drained (or at shutdown)
 * @param recycles completed swaps
 * @param failedStarts replacements the factory could not create
 * @param abandonedRequests requests given up on (request-timeout, or a drain that overran)
 * @param abandonedStillRunning of those, the ones whose Java thread has not returned yet
 * @param retries requests run again on a fresh replica ({@link ReplicaStaleException})
 * @param liveReplicas replicas not yet closed (serving, standing by or draining)
 * @param workerThreads worker threads alive
 * @param maxDraining the most processes seen with a replaced generation draining at the same time
 *     (planned recycles keep it at 1; an urgent one may add one)
 * @param recyclerRuns times work was handed to the recycler thread (creating or closing replicas; a
 *     planned recycle needs two: its requests never wake that thread one by one)
 * @param stoppedAtCount generations that reached maximum-requests before their replacement was
 *     ready, so that the process took no requests until it was (a replacement too slow to make in
 *     the three quarters of the count it is given); not one whose ready replacement only waits for
 *     another process's drain
 */
public record PoolStats(
    long replicasCreated,
    long replicasClosed,
    long recycles,
    long failedStarts,
    long abandonedRequests,
    int abandonedStillRunning,
    long retries,
    int liveReplicas,
    int workerThreads,
    int maxDraining,
    long recyclerRuns,
    long stoppedAtCount) {}
