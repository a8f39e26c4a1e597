package dev.feedkit.redis;

import io.lettuce.core.KeyValue;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.KeyValueListOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/*
 * The write script skips every value whose tombstone exists: a tombstone is set by an
 * invalidation, so a write that was queued (or in flight) before another process invalidated the
 * key cannot put the old value back. KEYS come in pairs (value key, tombstone key), ARGV in pairs
 * (value, TTL in ms). The invalidation script sets the tombstone, deletes the value and publishes
 * the invalidation in one atomic step; its KEYS come in pairs too (this release's value and
 * tombstone, then the previous key format's), all under one hash tag.
 */

/** Builds the raw commands the tier dispatches in batches. */
final class Commands {
    static final String WRITE_SCRIPT = ""
            + "local n = 0\n"
            + "for i = 1, #KEYS, 2 do\n"
            + "  if redis.call('EXISTS', KEYS[i + 1]) == 0 then\n"
            + "    redis.call('SET', KEYS[i], ARGV[i], 'PX', ARGV[i + 1])\n"
            + "    n = n + 1\n"
            + "  end\n"
            + "end\n"
            + "return n\n";

    static final String INVALIDATE_SCRIPT = ""
            + "for i = 1, #KEYS, 2 do\n"
            + "  redis.call('SET', KEYS[i + 1], '1', 'PX', ARGV[1])\n"
            + "  redis.call('DEL', KEYS[i])\n"
            + "end\n"
            + "redis.call('PUBLISH', ARGV[2], ARGV[3])\n"
            + "return 1\n";

    private static final ByteArrayCodec CODEC = ByteArrayCodec.INSTANCE;

    private Commands() {
    }

    static AsyncCommand<byte[], byte[], List<KeyValue<byte[], byte[]>>> mget(byte[][] keys, int[] group) {
        byte[][] groupKeys = new byte[group.length][];
        for (int i = 0; i < group.length; i++) {
            groupKeys[i] = keys[group[i]];
        }
        CommandArgs<byte[], byte[]> args = new CommandArgs<>(CODEC).addKeys(groupKeys);
        return new AsyncCommand<>(new Command<>(CommandType.MGET,
                new KeyValueListOutput<>(CODEC, Arrays.asList(groupKeys)), args));
    }

    static AsyncCommand<byte[], byte[], Long> write(byte[][] keys, byte[][] values, long[] ttlMillis, int[] group) {
        CommandArgs<byte[], byte[]> args = new CommandArgs<>(CODEC).add(WRITE_SCRIPT).add(group.length * 2L);
        for (int i : group) {
            args.addKey(keys[i]).addKey(RedisKeys.tombstone(keys[i]));
        }
        for (int i : group) {
            args.addValue(values[i]).add(ttlMillis[i]);
        }
        return new AsyncCommand<>(new Command<>(CommandType.EVAL, new IntegerOutput<>(CODEC), args));
    }

    static byte[] ascii(long n) {
        return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
    }
}
