package dev.feedhandler.protocol.aeron;

import io.aeron.ChannelUri;
import io.aeron.CommonContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link FeedChannels}: the publication channel it derives, and the values it refuses (naming them).
 */
class FeedChannelsTest
{
    private static final String UNICAST = "aeron:udp?endpoint=10.0.0.5:40123";

    @Test
    void shouldAddMinFlowControlAndTermLengthToAUdpPublicationChannel()
    {
        final ChannelUri uri = ChannelUri.parse(FeedChannels.DEFAULT.publicationChannel());

        assertThat(uri.media()).isEqualTo(CommonContext.UDP_MEDIA);
        assertThat(uri.get(CommonContext.FLOW_CONTROL_PARAM_NAME)).isEqualTo("min,t:5s");
        assertThat(uri.get(CommonContext.TERM_LENGTH_PARAM_NAME)).isEqualTo(Integer.toString(4 * 1024 * 1024));
        assertThat(uri.get(CommonContext.ENDPOINT_PARAM_NAME)).isEqualTo("239.255.42.11:40456");
        assertThat(uri.get(CommonContext.INTERFACE_PARAM_NAME)).isEqualTo("127.0.0.1");
    }

    @Test
    void shouldLeaveTheSubscriptionChannelAsGiven()
    {
        assertThat(FeedChannels.DEFAULT.channel()).isEqualTo(FeedChannels.DEFAULT_CHANNEL);
        assertThat(FeedChannels.DEFAULT.withChannel(UNICAST).channel()).isEqualTo(UNICAST);
    }

    @Test
    void shouldKeepAnExplicitFlowControlAndTermLength()
    {
        final FeedChannels channels = FeedChannels.DEFAULT.withChannel(UNICAST + "|fc=max|term-length=65536");

        final ChannelUri uri = ChannelUri.parse(channels.publicationChannel());

        assertThat(uri.get(CommonContext.FLOW_CONTROL_PARAM_NAME)).isEqualTo("max");
        assertThat(uri.get(CommonContext.TERM_LENGTH_PARAM_NAME)).isEqualTo("65536");
        assertThat(uri.get(CommonContext.ENDPOINT_PARAM_NAME)).isEqualTo("10.0.0.5:40123");
    }

    @Test
    void shouldAddNoFlowControlToAnIpcChannel()
    {
        final ChannelUri uri = ChannelUri.parse(FeedChannels.DEFAULT.withChannel("aeron:ipc").publicationChannel());

        assertThat(uri.media()).isEqualTo(CommonContext.IPC_MEDIA);
        assertThat(uri.get(CommonContext.FLOW_CONTROL_PARAM_NAME)).isNull();
        assertThat(uri.get(CommonContext.TERM_LENGTH_PARAM_NAME)).isEqualTo(Integer.toString(4 * 1024 * 1024));
    }

    @Test
    void shouldAddNoFlowControlWhenNoneIsConfigured()
    {
        final FeedChannels channels = new FeedChannels(UNICAST, 1, 2, null, 1 << 16, null);

        final ChannelUri uri = ChannelUri.parse(channels.publicationChannel());

        assertThat(uri.get(CommonContext.FLOW_CONTROL_PARAM_NAME)).isNull();
        assertThat(uri.get(CommonContext.TERM_LENGTH_PARAM_NAME)).isEqualTo("65536");
    }

    @Test
    void shouldRejectAChannelThatIsNotAnAeronUriNamingIt()
    {
        assertThatThrownBy(() -> FeedChannels.DEFAULT.withChannel("udp://239.255.42.11:40456"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("udp://239.255.42.11:40456");
        assertThatThrownBy(() -> FeedChannels.DEFAULT.withChannel(null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("null");
    }

    /** Aeron itself rejects {@code aeron:tcp} but not {@code aeron:tcp?endpoint=...}: neither is a feed channel. */
    @Test
    void shouldRejectAnAeronUriWhoseMediaIsNeitherUdpNorIpcNamingIt()
    {
        assertThatThrownBy(() -> FeedChannels.DEFAULT.withChannel("aeron:tcp"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("tcp");
        assertThatThrownBy(() -> FeedChannels.DEFAULT.withChannel("aeron:tcp?endpoint=1.2.3.4:5"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("aeron:tcp?endpoint=1.2.3.4:5");
    }

    /** Callers (udp-monitor's argument check) catch IllegalArgumentException for every bad value. */
    @Test
    void shouldRejectAMalformedAeronUriWithAnIllegalArgumentNamingIt()
    {
        assertThatThrownBy(() -> FeedChannels.DEFAULT.withChannel("aeron:udp?endpoint"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("aeron:udp?endpoint");
    }

    @Test
    void shouldRejectEqualStreamIdsNamingThem()
    {
        assertThatThrownBy(() -> FeedChannels.DEFAULT.withStreams(1001, 1001))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("1001");
    }

    @Test
    void shouldRejectATermLengthThatIsNotAPowerOfTwoWithinBoundsNamingIt()
    {
        for (final int termLength : new int[]{3 * 64 * 1024, 32 * 1024, 0, -65536, Integer.MIN_VALUE})
        {
            assertThatThrownBy(() -> new FeedChannels(UNICAST, 1, 2, "min", termLength, null))
                .as("term length %d", termLength)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("termLength")
                .hasMessageContaining(Integer.toString(termLength));
        }
    }

    @Test
    void shouldAcceptPowerOfTwoTermLengthsFrom64KiBTo1GiB()
    {
        assertThat(new FeedChannels(UNICAST, 1, 2, "min", 64 * 1024, null).termLength()).isEqualTo(64 * 1024);
        assertThat(new FeedChannels(UNICAST, 1, 2, "min", 1 << 30, null).termLength()).isEqualTo(1 << 30);
    }

    @Test
    void shouldChangeOnlyTheChannelWithChannel()
    {
        final FeedChannels channels = FeedChannels.DEFAULT.withStreams(7, 8).withAeronDirectory("/dev/shm/x");

        final FeedChannels changed = channels.withChannel("aeron:ipc");

        assertThat(changed).isEqualTo(new FeedChannels("aeron:ipc", 7, 8, FeedChannels.DEFAULT_FLOW_CONTROL,
            FeedChannels.DEFAULT_TERM_LENGTH, "/dev/shm/x"));
    }

    @Test
    void shouldChangeOnlyTheStreamIdsWithStreams()
    {
        final FeedChannels changed = FeedChannels.DEFAULT.withStreams(2001, 2002);

        assertThat(changed).isEqualTo(new FeedChannels(FeedChannels.DEFAULT_CHANNEL, 2001, 2002,
            FeedChannels.DEFAULT_FLOW_CONTROL, FeedChannels.DEFAULT_TERM_LENGTH, null));
        assertThat(changed.deltaStreamId()).isEqualTo(2001);
        assertThat(changed.snapshotStreamId()).isEqualTo(2002);
    }

    @Test
    void shouldUseAnExternalDriverOnlyWhenGivenADirectory()
    {
        assertThat(FeedChannels.DEFAULT.isEmbeddedDriver()).isTrue();

        final FeedChannels external = FeedChannels.DEFAULT.withAeronDirectory("/dev/shm/aeron-feed");
        assertThat(external.isEmbeddedDriver()).isFalse();
        assertThat(external.aeronDirectory()).isEqualTo("/dev/shm/aeron-feed");
        assertThat(external.channel()).isEqualTo(FeedChannels.DEFAULT_CHANNEL);
        assertThat(external.withAeronDirectory(null).isEmbeddedDriver()).isTrue();
    }

    @Test
    void shouldRefuseToConnectToAMissingExternalDriverDirectoryNamingIt()
    {
        final String missing = "/nonexistent/aeron-dir-for-feed-test";

        assertThatThrownBy(() -> AeronFeed.connect(FeedChannels.DEFAULT.withAeronDirectory(missing)))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining(missing);
    }
}
