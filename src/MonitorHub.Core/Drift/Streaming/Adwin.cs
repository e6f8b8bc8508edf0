namespace MonitorHub.Core.Drift.Streaming;

/// <summary>river's <c>drift.ADWIN</c> defaults.</summary>
public sealed record AdwinOptions(double Delta = 0.002, int Clock = 32, int MaxBuckets = 5, int MinWindowLength = 5, int GracePeriod = 10);

/// <summary>One row of the exponential histogram: every bucket in row i summarises 2^i values.
/// Index 0 is the oldest bucket of the row; rows further down the array are older.</summary>
public sealed record AdwinBucketRow(double[] Totals, double[] Variances);

/// <summary>Resumable ADWIN state (the exponential histogram plus window aggregates).</summary>
public sealed record AdwinState(double Total, double Variance, double Width, long Tick, long Detections, AdwinBucketRow[] Rows)
{
    public static AdwinState Initial { get; } = new(0, 0, 0, 0, 0, [new AdwinBucketRow([], [])]);
}

/// <summary>ADWIN (Bifet &amp; Gavaldà 2007), a faithful port of river's <c>AdaptiveWindowing</c>
/// (Cython): values go into an exponential histogram (at most MaxBuckets buckets per size, merged
/// pairwise upwards); every Clock values past the grace period each cut between buckets is tested
/// with the Hoeffding-style bound, and on a change the oldest bucket is dropped until no cut holds.
/// River's quirk of never cutting after the newest bucket of a row is kept so detections coincide.</summary>
public sealed class Adwin
{
    private readonly List<Row> _rows = [];
    private double _total;
    private double _variance;
    private double _width;
    private long _tick;
    private long _detections;

    public Adwin(AdwinOptions? options = null, AdwinState? state = null)
    {
        Options = options ?? new AdwinOptions();
        state ??= AdwinState.Initial;
        (_total, _variance, _width, _tick, _detections) = (state.Total, state.Variance, state.Width, state.Tick, state.Detections);
        foreach (var r in state.Rows)
        {
            var row = new Row(Options.MaxBuckets);
            for (var i = 0; i < r.Totals.Length; i++) row.Insert(r.Totals[i], r.Variances[i]);
            _rows.Add(row);
        }

        if (_rows.Count == 0) _rows.Add(new Row(Options.MaxBuckets));
    }

    public AdwinOptions Options { get; }

    public bool DriftDetected { get; private set; }

    public double Width => _width;

    public double Estimation => _width == 0 ? 0.0 : _total / _width;

    public long Detections => _detections;

    public AdwinState State => new(_total, _variance, _width, _tick, _detections,
        [.. _rows.Select(r => new AdwinBucketRow(r.Totals[..r.Count], r.Variances[..r.Count]))]);

    /// <summary>Feeds one value; returns whether a change was detected (the window then shrank).</summary>
    public bool Update(double value)
    {
        InsertElement(value);
        DriftDetected = DetectChange();
        return DriftDetected;
    }

    private void InsertElement(double value)
    {
        _rows[0].Insert(value, 0.0);
        _width += 1;
        var incrementalVariance = 0.0;
        if (_width > 1.0)
        {
            var d = value - _total / (_width - 1.0);
            incrementalVariance = (_width - 1.0) * d * d / _width;
        }

        _variance += incrementalVariance;
        _total += value;
        CompressBuckets();
    }

    private void CompressBuckets()
    {
        for (var idx = 0; idx < _rows.Count; idx++)
        {
            var row = _rows[idx];
            if (row.Count != Options.MaxBuckets + 1) break;
            if (idx + 1 == _rows.Count) _rows.Add(new Row(Options.MaxBuckets));
            var next = _rows[idx + 1];
            var n1 = Math.Pow(2, idx);
            var n2 = n1;
            var mu1 = row.Totals[0] / n1;
            var mu2 = row.Totals[1] / n2;
            var total12 = row.Totals[0] + row.Totals[1];
            var temp = n1 * n2 * (mu1 - mu2) * (mu1 - mu2) / (n1 + n2);
            var v12 = row.Variances[0] + row.Variances[1] + temp;
            next.Insert(total12, v12);
            row.RemoveOldest(2);
            if (next.Count <= Options.MaxBuckets) break;
        }
    }

    private double DeleteElement()
    {
        var row = _rows[^1];
        var n = Math.Pow(2, _rows.Count - 1);
        var u = row.Totals[0];
        var mu = u / n;
        var v = row.Variances[0];
        _width -= n;
        _total -= u;
        var muWindow = _total / _width;
        _variance -= v + n * _width * (mu - muWindow) * (mu - muWindow) / (n + _width);
        row.RemoveOldest(1);
        if (row.Count == 0) _rows.RemoveAt(_rows.Count - 1);
        return n;
    }

    private bool DetectChange()
    {
        var changeDetected = false;
        _tick++;
        if (_tick % Options.Clock == 0 && _width > Options.GracePeriod)
        {
            var reduceWidth = true;
            while (reduceWidth)
            {
                reduceWidth = false;
                var exit = false;
                double n0 = 0, n1 = _width, u0 = 0, u1 = _total, v0 = 0, v1 = _variance;
                for (var idx = _rows.Count - 1; idx >= 0 && !exit; idx--)
                {
                    var row = _rows[idx];
                    for (var k = 0; k < row.Count - 1; k++)
                    {
                        var n2 = Math.Pow(2, idx);
                        var u2 = row.Totals[k];
                        var mu2 = u2 / n2;
                        if (n0 > 0.0)
                        {
                            var mu0 = u0 / n0;
                            v0 += row.Variances[k] + n0 * n2 * (mu0 - mu2) * (mu0 - mu2) / (n0 + n2);
                        }

                        if (n1 > 0.0)
                        {
                            var mu1 = u1 / n1;
                            v1 -= row.Variances[k] + n1 * n2 * (mu1 - mu2) * (mu1 - mu2) / (n1 + n2);
                        }

                        n0 += n2;
                        n1 -= n2;
                        u0 += row.Totals[k];
                        u1 -= row.Totals[k];

                        // Unreachable with k < Count - 1 (river's loop bound); kept for parity.
                        if (idx == 0 && k == row.Count - 1)
                        {
                            exit = true;
                            break;
                        }

                        var deltaMean = u0 / n0 - u1 / n1;
                        if (n1 >= Options.MinWindowLength && n0 >= Options.MinWindowLength && EvaluateCut(n0, n1, deltaMean))
                        {
                            reduceWidth = true;
                            changeDetected = true;
                            if (_width > 0)
                            {
                                n0 -= DeleteElement();
                                exit = true;
                                break;
                            }
                        }
                    }
                }
            }
        }

        if (changeDetected) _detections++;
        return changeDetected;
    }

    private bool EvaluateCut(double n0, double n1, double deltaMean)
    {
        var deltaPrime = Math.Log(2 * Math.Log(_width) / Options.Delta);
        var mRecip = 1.0 / (n0 - Options.MinWindowLength + 1) + 1.0 / (n1 - Options.MinWindowLength + 1);
        var epsilon = Math.Sqrt(2 * mRecip * (_variance / _width) * deltaPrime) + 2.0 / 3.0 * deltaPrime * mRecip;
        return Math.Abs(deltaMean) > epsilon;
    }

    /// <summary>river's fixed-size Bucket: MaxBuckets + 1 slots, Count used.</summary>
    private sealed class Row(int maxBuckets)
    {
        public double[] Totals { get; } = new double[maxBuckets + 1];
        public double[] Variances { get; } = new double[maxBuckets + 1];
        public int Count { get; private set; }

        public void Insert(double total, double variance)
        {
            Totals[Count] = total;
            Variances[Count] = variance;
            Count++;
        }

        public void RemoveOldest(int n)
        {
            Array.Copy(Totals, n, Totals, 0, Totals.Length - n);
            Array.Copy(Variances, n, Variances, 0, Variances.Length - n);
            Array.Clear(Totals, Totals.Length - n, n);
            Array.Clear(Variances, Variances.Length - n, n);
            Count -= n;
        }
    }
}
