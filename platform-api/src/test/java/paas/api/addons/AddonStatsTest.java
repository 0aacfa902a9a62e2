package paas.api.addons;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddonStatsTest {

    @Test
    void psqlsRowBecomesPgStats() {
        assertThat(PgStats.parse("15.20|2|20|7708007|3\n"))
                .isEqualTo(new PgStats("15.20", 2, 20, 7708007, 3));
    }

    @Test
    void anythingButOneRowOfFiveNumbersIsRefusedNamingWhatWasPrinted() {
        assertThatThrownBy(() -> PgStats.parse("psql: error: connection to server failed"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connection to server failed")
                .hasMessageContaining("not one row of 5 fields");
        assertThatThrownBy(() -> PgStats.parse("15.20|x|20|1|0")).hasMessageContaining("not numbers");
        assertThatThrownBy(() -> PgStats.parse("15.20|1|20|1|0\n15.20|1|20|1|0")).hasMessageContaining("one row");
        assertThatThrownBy(() -> PgStats.parse("15.20|-1|20|1|0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pgInfoQueryRunsAsTheSuperuserOnTheAddonsDatabaseWithATimeout() {
        assertThat(PgStats.command("d0123456789ab")).startsWith("timeout", "20", "psql").containsSubsequence("-d", "d0123456789ab",
                "-c", "SET statement_timeout = '10s'", "-c", PgStats.QUERY).doesNotContain("-U");
    }

    @Test
    void redisInfoFieldsAreReadAndKeysSummedOverDatabases() {
        String info = "# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\n\r\n# Clients\r\n"
                + "connected_clients:3\r\nmaxclients:50\r\n\r\n# Memory\r\nused_memory:414400\r\n"
                + "used_memory_human:404.69K\r\nmaxmemory:50331648\r\nmaxmemory_policy:noeviction\r\n\r\n"
                + "# Persistence\r\naof_enabled:1\r\n\r\n# Keyspace\r\ndb0:keys=2,expires=0,avg_ttl=0\r\n"
                + "db3:keys=5,expires=1,avg_ttl=10\r\n";
        assertThat(RedisStats.parse(info))
                .isEqualTo(new RedisStats("7.0.15", 414400, 50331648, "noeviction", 3, 50, true, 7));
    }

    @Test
    void anEmptyRedisHasNoKeysAndARedisWithoutAofSaysSo() {
        RedisStats stats = RedisStats.parse("redis_version:7.0.15\nused_memory:1\nmaxmemory:0\nconnected_clients:1\n"
                + "maxclients:100\naof_enabled:0\n");
        assertThat(stats.keys()).isZero();
        assertThat(stats.appendOnly()).isFalse();
        assertThat(stats.maxMemoryPolicy()).isEmpty();
    }

    @Test
    void aRedisAnswerWithoutItsFieldsIsRefused() {
        assertThatThrownBy(() -> RedisStats.parse("NOAUTH Authentication required."))
                .hasMessageContaining("no redis_version").hasMessageContaining("NOAUTH");
        assertThatThrownBy(() -> RedisStats.parse("redis_version:7\nused_memory:lots\n"))
                .hasMessageContaining("used_memory='lots'");
    }

    @Test
    void redisCliTakesThePasswordFromTheContainersEnvironmentNotItsArguments() {
        assertThat(RedisStats.command()).containsExactly("timeout", "20", "/bin/sh", "-c",
                "REDISCLI_AUTH=\"$PAAS_ADDON_PASSWORD\" exec redis-cli \"$@\"", "redis-cli", "INFO");
    }
}
