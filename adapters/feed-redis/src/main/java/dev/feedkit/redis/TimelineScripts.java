package dev.feedkit.redis;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/*
 * Every write is one Lua script per viewer (or per chunk of viewers of one slot), so that reading
 * the state marker and changing the entries is one atomic step. Members are compared by Redis
 * itself (ZRANK, ZREMRANGEBYLEX), never with Lua's < (which follows the C collation): only byte
 * equality is used in Lua. KEYS always come in pairs: the timeline, then its rebuild key.
 *
 * Scripts go out as EVALSHA; a server that answers NOSCRIPT (restarted, or a node that never saw
 * the script) gets the same call again as EVAL, which also caches it. Every script is idempotent,
 * so sending one twice is safe.
 *
 * The invariant the scripts keep (see TimelineStore): a truncated timeline holds every entry of
 * the feed at or above its oldest entry; whatever would break that is left out or cut.
 */

/** The Lua scripts of {@link RedisTimelineStore} and the commands that run them. */
final class TimelineScripts {
    private static final ByteArrayCodec CODEC = ByteArrayCodec.INSTANCE;

    private static final String COMMON = """
            local C, T, B = '\\0c', '\\0t', '\\0b'
            local function truncate(t, marker)
              if marker == C then
                redis.call('ZREM', t, C)
                redis.call('ZADD', t, 0, T)
              end
              return T
            end
            local function cap(t, n, marker)
              if redis.call('ZREMRANGEBYRANK', t, 1, -n - 1) > 0 then
                truncate(t, marker)
              end
            end
            local function cutBelow(t, floor)
              redis.call('ZREMRANGEBYLEX', t, '[\\1', '(' .. floor)
            end
            """;

    /** KEYS: pairs per viewer. ARGV: capacity, entry. */
    static final Script PUSH = new Script("push", COMMON + """
            local n, e = tonumber(ARGV[1]), ARGV[2]
            for i = 1, #KEYS, 2 do
              local t, b = KEYS[i], KEYS[i + 1]
              local low = redis.call('ZRANGE', t, 0, 0)
              if #low > 0 then
                if redis.call('ZADD', t, 0, e) == 1 then
                  if low[1] == T and redis.call('ZRANK', t, e) == 1 then
                    redis.call('ZREM', t, e)
                  else
                    cap(t, n, low[1])
                  end
                end
              elseif redis.call('EXISTS', b) == 1 then
                redis.call('ZADD', b, 0, e)
                redis.call('ZREMRANGEBYRANK', b, 1, -n - 1)
              end
            end
            return 0
            """);

    /** KEYS: one pair. ARGV: rebuild TTL in ms. Returns 1 if a rebuild is under way. */
    static final Script START_REBUILD = new Script("startRebuild", COMMON + """
            if redis.call('EXISTS', KEYS[1]) == 1 then
              return 0
            end
            if redis.call('ZADD', KEYS[2], 0, B) == 1 then
              redis.call('PEXPIRE', KEYS[2], ARGV[1])
            end
            return 1
            """);

    /** KEYS: one pair. ARGV: capacity, complete (1/0), floor entry, TTL in ms, entries. Returns 1 if done. */
    static final Script FINISH_REBUILD = new Script("finishRebuild", COMMON + """
            local t, b, n = KEYS[1], KEYS[2], tonumber(ARGV[1])
            if redis.call('EXISTS', b) == 0 then
              return 0
            end
            redis.call('RENAME', b, t)
            redis.call('ZREM', t, B)
            local marker = ARGV[2] == '1' and C or T
            redis.call('ZADD', t, 0, marker)
            for i = 5, #ARGV do
              redis.call('ZADD', t, 0, ARGV[i])
            end
            if ARGV[2] == '0' then
              cutBelow(t, ARGV[3])
            end
            cap(t, n, marker)
            redis.call('PEXPIRE', t, ARGV[4])
            return 1
            """);

    /** KEYS: one pair. ARGV: capacity, complete (1/0), floor entry, entries. Returns 1 if merged. */
    static final Script MERGE = new Script("merge", COMMON + """
            local t, b, n = KEYS[1], KEYS[2], tonumber(ARGV[1])
            local low = redis.call('ZRANGE', t, 0, 1)
            if #low == 0 then
              redis.call('DEL', b)
              return 0
            end
            local marker = low[1]
            for i = 4, #ARGV do
              redis.call('ZADD', t, 0, ARGV[i])
            end
            if marker == T and low[2] then
              cutBelow(t, low[2])
            end
            if ARGV[2] == '0' then
              cutBelow(t, ARGV[3])
              marker = truncate(t, marker)
            end
            cap(t, n, marker)
            return 1
            """);

    /** KEYS: one pair. ARGV: the author id as 8 big-endian bytes. Returns how many entries went. */
    static final Script REMOVE_AUTHOR = new Script("removeAuthor", COMMON + """
            local t = KEYS[1]
            redis.call('DEL', KEYS[2])
            local all = redis.call('ZRANGE', t, 0, -1)
            local gone = 0
            for i = 2, #all do
              if string.sub(all[i], -8) == ARGV[1] then
                redis.call('ZREM', t, all[i])
                gone = gone + 1
              end
            end
            if all[1] == T and redis.call('ZCARD', t) == 1 then
              redis.call('DEL', t)
            end
            return gone
            """);

    /** KEYS: pairs per viewer. ARGV: entry. */
    static final Script REMOVE_POST = new Script("removePost", COMMON + """
            for i = 1, #KEYS, 2 do
              local t = KEYS[i]
              redis.call('ZREM', KEYS[i + 1], ARGV[1])
              if redis.call('ZREM', t, ARGV[1]) == 1 and redis.call('ZCARD', t) == 1
                  and redis.call('ZSCORE', t, T) then
                redis.call('DEL', t)
              end
            end
            return 0
            """);

    private TimelineScripts() {
    }

    /** One Lua script: its text and the SHA-1 that EVALSHA names it by. */
    record Script(String name, byte[] text, byte[] sha) {
        Script(String name, String text) {
            this(name, text.getBytes(StandardCharsets.UTF_8), sha1(text));
        }

        AsyncCommand<byte[], byte[], Long> evalsha(byte[][] keys, byte[][] argv) {
            return command(CommandType.EVALSHA, sha, keys, argv);
        }

        AsyncCommand<byte[], byte[], Long> eval(byte[][] keys, byte[][] argv) {
            return command(CommandType.EVAL, text, keys, argv);
        }

        private static AsyncCommand<byte[], byte[], Long> command(CommandType type, byte[] script, byte[][] keys,
                byte[][] argv) {
            CommandArgs<byte[], byte[]> args = new CommandArgs<>(CODEC).add(script).add(keys.length).addKeys(keys);
            for (byte[] a : argv) {
                args.add(a);
            }
            return new AsyncCommand<>(new Command<>(type, new IntegerOutput<>(CODEC), args));
        }

        private static byte[] sha1(String text) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest).getBytes(StandardCharsets.US_ASCII);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform has SHA-1", e);
            }
        }

        @Override
        public String toString() {
            return "Script[" + name + "]";
        }
    }
}
