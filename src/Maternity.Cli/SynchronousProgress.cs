namespace Maternity.Cli;

/// <summary>Reports on the calling thread: <see cref="Progress{T}"/> posts to the thread pool and can run after the work ends.</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
