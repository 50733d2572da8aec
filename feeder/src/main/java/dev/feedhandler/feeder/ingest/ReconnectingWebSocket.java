package dev.feedhandler.feeder.ingest;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import org.agrona.DirectBuffer;

import java.net.URI;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * A WebSocket that stays connected: after an unplanned disconnect it reconnects with the policy's backoff; before a
 * session reaches its planned lifetime (or on {@link #rotateNow()}) it opens a successor while the old session
 * stays open, lets both deliver for the rotation overlap, then closes the old one. Every session, including ones
 * that never opened, ends with exactly one {@link Listener#onSessionClosed}.
 * <p>
 * All sessions and all listener calls run on one event loop of the connector's transport; the public methods may
 * be called from any thread. Deduplicating the overlap (the same update from two sessions) is the listener's job:
 * the book sync accepts diffs that overlap what it already applied.
 */
public final class ReconnectingWebSocket implements AutoCloseable
{
    /** Session events, all on this socket's event loop. */
    public interface Listener
    {
        /** A session opened; subscribe here. {@code generation} counts opened sessions from 1. */
        void onSessionOpened(WebSocketSession session, int generation);

        /** A message from any session this socket holds (during a rotation, from both). */
        void onText(WebSocketSession session, DirectBuffer buffer, int offset, int length, long receivedEpochNs);

        /** A session ended, or a connection attempt failed (the session never opened). */
        void onSessionClosed(WebSocketSession session, DisconnectReason reason, String detail);
    }

    private final WebSocketConnector connector;
    private final URI uri;
    private final WebSocketOptions options;
    private final ReconnectPolicy policy;
    private final Listener listener;
    private final RandomGenerator random;
    private final EventLoop loop;
    private final SessionEvents events = new SessionEvents();

    private volatile int reconnects;
    private volatile int rotations;

    // Owned by the event loop.
    private boolean started;
    private boolean closed;
    private int generation;
    private int reconnectAttempt;
    private int rotationAttempt;
    private WebSocketSession primary;
    private long primaryOpenedNs;
    private WebSocketSession successor;
    private long successorOpenedNs;
    private ScheduledFuture<?> reconnectTimer;
    private ScheduledFuture<?> lifetimeTimer;
    private ScheduledFuture<?> overlapTimer;
    private ScheduledFuture<?> rotationRetryTimer;

    public ReconnectingWebSocket(
        final WebSocketConnector connector,
        final URI uri,
        final WebSocketOptions options,
        final ReconnectPolicy policy,
        final Listener listener,
        final RandomGenerator random)
    {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.uri = Objects.requireNonNull(uri, "uri");
        this.options = Objects.requireNonNull(options, "options");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.random = Objects.requireNonNull(random, "random");
        this.loop = connector.transport().group().next();
    }

    /** The event loop every session and callback of this socket runs on. */
    public EventLoop eventLoop()
    {
        return loop;
    }

    /** Opens the first session; later calls do nothing. */
    public void start()
    {
        runOnLoop(this::onStart);
    }

    /**
     * Planned rotation: opens a new session while the current one stays open; both deliver until
     * {@link ReconnectPolicy#rotationOverlap()} has passed since the new one opened, then the old one is closed.
     * Does nothing while a rotation is already under way or no session is open.
     */
    public void rotateNow()
    {
        runOnLoop(this::onRotate);
    }

    /**
     * The listener has everything it needs from the new session of a rotation: end the overlap now (the old session
     * is closed with LOCAL_CLOSE). Does nothing when no rotation's new session is open.
     */
    public void completeRotation()
    {
        runOnLoop(this::onCompleteRotation);
    }

    /** Reconnect attempts after unplanned disconnects or failed attempts. */
    public int reconnects()
    {
        return reconnects;
    }

    /** Completed rotations: a successor took over. */
    public int rotations()
    {
        return rotations;
    }

    /** Closes every session (each reports LOCAL_CLOSE) and stops reconnecting. Does not wait. */
    public void close()
    {
        runOnLoop(this::onClose);
    }

    private void runOnLoop(final Runnable task)
    {
        if (loop.inEventLoop())
        {
            task.run();
        }
        else
        {
            loop.execute(task);
        }
    }

    private void onStart()
    {
        if (started || closed)
        {
            return;
        }
        started = true;
        primary = connect();
    }

    private WebSocketSession connect()
    {
        return connector.connect(uri, options, events, loop);
    }

    private void onRotate()
    {
        if (closed || successor != null || primary == null || !primary.isOpen())
        {
            return;
        }
        rotationRetryTimer = cancel(rotationRetryTimer);
        lifetimeTimer = cancel(lifetimeTimer);
        successor = connect();
    }

    private void onClose()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        reconnectTimer = cancel(reconnectTimer);
        lifetimeTimer = cancel(lifetimeTimer);
        overlapTimer = cancel(overlapTimer);
        rotationRetryTimer = cancel(rotationRetryTimer);
        if (primary != null)
        {
            primary.close();
        }
        if (successor != null)
        {
            successor.close();
        }
    }

    private void onOpened(final WebSocketSession session)
    {
        if (closed)
        {
            session.close();
            return;
        }
        if (session == primary)
        {
            primaryOpenedNs = System.nanoTime();
            scheduleLifetime(policy.plannedLifetime().toNanos());
        }
        else if (session == successor)
        {
            successorOpenedNs = System.nanoTime();
            overlapTimer = loop.schedule(
                this::onOverlapElapsed, policy.rotationOverlap().toNanos(), TimeUnit.NANOSECONDS);
        }
        else
        {
            session.close(); // a session this socket no longer wants
            return;
        }
        listener.onSessionOpened(session, ++generation);
    }

    private void onCompleteRotation()
    {
        if (!closed && successor != null && successor.isOpen())
        {
            finishRotation(); // cancels the overlap timer, which must not fire for the next rotation's successor
        }
    }

    private void onOverlapElapsed()
    {
        overlapTimer = null;
        if (successor != null)
        {
            finishRotation();
        }
    }

    /** End the overlap: the successor becomes the primary and the old primary is closed. */
    private void finishRotation()
    {
        final WebSocketSession old = primary;
        promoteSuccessor();
        if (old != null)
        {
            old.close();
        }
    }

    /** The successor takes over as primary; an open one completes the rotation. */
    private void promoteSuccessor()
    {
        final WebSocketSession next = successor;
        successor = null;
        overlapTimer = cancel(overlapTimer);
        primary = next;
        primaryOpenedNs = successorOpenedNs;
        if (next.isOpen())
        {
            rotations++; // single writer: the event loop
            rotationAttempt = 0;
            final long livedNs = System.nanoTime() - primaryOpenedNs;
            scheduleLifetime(policy.plannedLifetime().toNanos() - livedNs);
        }
    }

    private void onClosed(final WebSocketSession session, final DisconnectReason reason, final String detail)
    {
        listener.onSessionClosed(session, reason, detail);
        if (session == primary)
        {
            onPrimaryClosed();
        }
        else if (session == successor)
        {
            onSuccessorClosed();
        }
    }

    private void onPrimaryClosed()
    {
        lifetimeTimer = cancel(lifetimeTimer);
        rotationRetryTimer = cancel(rotationRetryTimer);
        final boolean wasStable = primaryOpenedNs != 0 &&
            System.nanoTime() - primaryOpenedNs >= policy.maxBackoff().toNanos();
        primary = null;
        primaryOpenedNs = 0;
        if (successor != null)
        {
            promoteSuccessor(); // the rotation's new session is already there: no reconnect needed
        }
        else if (!closed)
        {
            if (wasStable)
            {
                reconnectAttempt = 0;
            }
            scheduleReconnect();
        }
    }

    private void onSuccessorClosed()
    {
        successor = null;
        successorOpenedNs = 0;
        overlapTimer = cancel(overlapTimer);
        if (!closed && primary != null)
        {
            final long delayNs = policy.backoffNanos(rotationAttempt++, random);
            rotationRetryTimer = loop.schedule(this::onRotate, delayNs, TimeUnit.NANOSECONDS);
        }
    }

    private void scheduleReconnect()
    {
        final long delayNs = policy.backoffNanos(reconnectAttempt++, random);
        reconnectTimer = loop.schedule(this::onReconnectDue, delayNs, TimeUnit.NANOSECONDS);
    }

    private void onReconnectDue()
    {
        reconnectTimer = null;
        if (closed || primary != null)
        {
            return;
        }
        reconnects++; // single writer: the event loop
        primary = connect();
    }

    private void scheduleLifetime(final long delayNs)
    {
        lifetimeTimer = cancel(lifetimeTimer);
        if (!policy.plannedLifetime().isZero())
        {
            lifetimeTimer = loop.schedule(this::onLifetimeElapsed, Math.max(0, delayNs), TimeUnit.NANOSECONDS);
        }
    }

    private void onLifetimeElapsed()
    {
        lifetimeTimer = null;
        onRotate();
    }

    private static ScheduledFuture<?> cancel(final ScheduledFuture<?> timer)
    {
        if (timer != null)
        {
            timer.cancel(false);
        }
        return null;
    }

    /** The one handler of every session: routes by session identity. */
    private final class SessionEvents implements WebSocketHandler
    {
        public void onConnected(final WebSocketSession session)
        {
            onOpened(session);
        }

        public void onText(
            final WebSocketSession session,
            final DirectBuffer buffer,
            final int offset,
            final int length,
            final long receivedEpochNs)
        {
            listener.onText(session, buffer, offset, length, receivedEpochNs);
        }

        public void onDisconnected(final WebSocketSession session, final DisconnectReason reason, final String detail)
        {
            onClosed(session, reason, detail);
        }
    }
}
