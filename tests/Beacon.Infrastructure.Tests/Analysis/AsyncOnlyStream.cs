namespace Beacon.Infrastructure.Tests.Analysis;

/// <summary>A memory stream that, like an ASP.NET Core response body, refuses synchronous writes and flushes.</summary>
internal sealed class AsyncOnlyStream : MemoryStream
{
    private bool _writingAsync;

    public override void Write(byte[] buffer, int offset, int count)
    {
        ThrowUnlessAsync();
        base.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ThrowUnlessAsync();
        base.Write(buffer);
    }

    public override void WriteByte(byte value)
    {
        ThrowUnlessAsync();
        base.WriteByte(value);
    }

    public override void Flush() => ThrowUnlessAsync();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _writingAsync = true;
        try
        {
            base.Write(buffer.Span);
        }
        finally
        {
            _writingAsync = false;
        }
        return ValueTask.CompletedTask;
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void ThrowUnlessAsync()
    {
        if (!_writingAsync)
        {
            throw new InvalidOperationException("Synchronous operations are disallowed.");
        }
    }
}
