using System.Text;

namespace MonitorHub.Core.Drift;

/// <summary>A parsed CSV file, column by column: the header row names the columns; an empty (or blank) cell is null.</summary>
public sealed record CsvTable(string[] Names, string?[][] Columns)
{
    public int RowCount => Columns.Length == 0 ? 0 : Columns[0].Length;

    public string?[]? Find(string name)
    {
        var i = Array.IndexOf(Names, name);
        return i < 0 ? null : Columns[i];
    }
}

/// <param name="Table">Null when <paramref name="Error"/> says why the file was rejected.</param>
public sealed record CsvParseResult(CsvTable? Table, string? Error);

/// <summary>
/// A small streaming RFC 4180 reader (quoted fields with commas, line breaks and doubled quotes; CRLF or
/// LF line ends). Written here rather than pulled in as a package because the drift check needs only
/// this much, and every rejection must say which line is wrong. It reads in chunks and stops at the
/// first problem: a header with too many or duplicate columns is refused before a data row is read,
/// rows past the limit stop the read at once, and duplicate names are found with a set (the earlier
/// pairwise check was quadratic in the number of columns).
/// </summary>
public static class CsvReader
{
    private const int ChunkChars = 64 * 1024;

    public static CsvParseResult Parse(string text) =>
        ParseAsync(new StringReader(text), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads UTF-8 (a byte-order mark is skipped); the stream's own limit bounds its size.</summary>
    public static async ValueTask<CsvParseResult> ParseAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, StrictUtf8, detectEncodingFromByteOrderMarks: true, bufferSize: ChunkChars, leaveOpen: true);
        try
        {
            return await ParseAsync(reader, cancellationToken);
        }
        catch (DecoderFallbackException)
        {
            return new(null, "The file must be UTF-8 text.");
        }
    }

    public static async ValueTask<CsvParseResult> ParseAsync(TextReader reader, CancellationToken cancellationToken)
    {
        var parser = new Parser(DriftCheckLimits.MaxColumns, DriftCheckLimits.MaxValuesPerColumn);
        var buffer = new char[ChunkChars];
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken)) > 0)
        {
            if (parser.Feed(buffer.AsSpan(0, read)) is { } error) return new(null, error);
        }

        return parser.Finish();
    }

    /// <summary>The push parser: fed chunk by chunk, it keeps the state of a field or record that a chunk boundary cut.</summary>
    private sealed class Parser(int maxColumns, int maxRows)
    {
        private readonly StringBuilder _field = new();
        private readonly List<string> _fields = [];
        private List<string?>[]? _columns;
        private string[]? _names;
        private bool _started;
        private bool _inQuotes;
        private bool _quotePending; // a quote seen inside a quoted field: closing, or the first of a doubled pair
        private bool _afterClosingQuote;
        private bool _atFieldStart = true;
        private bool _sawAnything;
        private bool _pendingCr;
        private int _line = 1;
        private int _recordLine = 1;
        private int _quoteLine;

        public string? Feed(ReadOnlySpan<char> chunk)
        {
            for (var i = 0; i < chunk.Length; i++)
            {
                var c = chunk[i];
                if (!_started)
                {
                    _started = true;
                    if (c == '\uFEFF') continue;
                }

                if (_pendingCr)
                {
                    _pendingCr = false;
                    if (c == '\n') continue; // CRLF is one line end
                }

                if (_quotePending)
                {
                    _quotePending = false;
                    if (c == '"')
                    {
                        _field.Append('"');
                        continue;
                    }

                    _inQuotes = false;
                    _afterClosingQuote = true;
                }

                if (_inQuotes)
                {
                    if (c == '"') _quotePending = true;
                    else
                    {
                        if (c == '\n') _line++;
                        _field.Append(c);
                    }

                    continue;
                }

                if (_afterClosingQuote && c is not (',' or '\r' or '\n'))
                    return $"Line {_line}: unexpected text after a closing quote (a quote inside a quoted field is written \"\").";
                _afterClosingQuote = false;

                if (c == '"' && _atFieldStart)
                {
                    _inQuotes = true;
                    _quoteLine = _line;
                    _atFieldStart = false;
                    _sawAnything = true;
                    continue;
                }

                if (c == ',')
                {
                    _fields.Add(_field.ToString());
                    _field.Clear();
                    _atFieldStart = true;
                    _sawAnything = true;
                    if (_names is null && _fields.Count > maxColumns) return $"At most {maxColumns} columns; the header has more.";
                    continue;
                }

                if (c is '\r' or '\n')
                {
                    _pendingCr = c == '\r';
                    if (EndRecord(lineEnd: true) is { } error) return error;
                    _line++;
                    _recordLine = _line;
                    continue;
                }

                _field.Append(c);
                _atFieldStart = false;
                _sawAnything = true;
            }

            return null;
        }

        public CsvParseResult Finish()
        {
            if (_inQuotes && !_quotePending) return new(null, $"Line {_quoteLine}: a quoted field is never closed.");
            // A final record without a trailing line break still counts; a trailing break does not add an empty record.
            if ((_sawAnything || _fields.Count > 0) && EndRecord(lineEnd: false) is { } error) return new(null, error);
            if (_names is null || _columns is null) return new(null, "The file is empty: the first row must name the columns.");
            return new(new CsvTable(_names, [.. _columns.Select(c => c.ToArray())]), null);
        }

        private string? EndRecord(bool lineEnd)
        {
            // A blank line in a multi-column file is skipped; in a one-column file it is a missing value.
            var blank = !_sawAnything && _fields.Count == 0;
            if (!blank || (lineEnd && _names?.Length == 1))
            {
                _fields.Add(_field.ToString());
                var error = _names is null ? Header() : Row();
                if (error is not null) return error;
            }

            _fields.Clear();
            _field.Clear();
            _atFieldStart = true;
            _sawAnything = false;
            return null;
        }

        private string? Header()
        {
            if (_fields.Count > maxColumns) return $"At most {maxColumns} columns; the file has {_fields.Count}.";
            var names = new string[_fields.Count];
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = _fields[i].Trim();
                if (names[i].Length == 0) return $"Line 1: column {i + 1} has no name.";
                if (!seen.Add(names[i])) return $"Line 1: the column name '{names[i]}' appears twice.";
            }

            _names = names;
            _columns = [.. names.Select(_ => new List<string?>())];
            return null;
        }

        private string? Row()
        {
            if (_fields.Count != _names!.Length) return $"Line {_recordLine}: {_fields.Count} fields, but the header has {_names.Length}.";
            if (_columns![0].Count >= maxRows) return $"At most {maxRows:N0} rows.";
            for (var i = 0; i < _fields.Count; i++) _columns[i].Add(string.IsNullOrWhiteSpace(_fields[i]) ? null : _fields[i]);
            return null;
        }
    }
}
