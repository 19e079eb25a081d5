-- wrk script: after wrk's own report, every distinct latency (us) with its request count, so that
-- a report can count the requests beyond a line chosen afterwards (bench/recycle-pairs counts
-- those beyond twice the steady run's p99 in both runs of a pair). latency(i) is wrk's i-th
-- distinct recorded value and its count; #latency is how many there are.
done = function(summary, latency, requests)
  io.write("== latency histogram (us count)\n")
  for i = 1, #latency do
    local value, count = latency(i)
    io.write(string.format("%d %d\n", value, count))
  end
  io.write("== end of latency histogram\n")
end
