package paas.api.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The add-on rules of the domain: kinds and plans, names, attachment names and colors, states. */
class AddonRulesTest {

    @ParameterizedTest
    @CsvSource({
            "postgresql, POSTGRESQL, SMALL", "heroku-postgresql, POSTGRESQL, SMALL", "postgres, POSTGRESQL, SMALL",
            "postgresql:standard, POSTGRESQL, STANDARD", "heroku-postgresql:small, POSTGRESQL, SMALL",
            "redis, REDIS, SMALL", "heroku-redis:standard, REDIS, STANDARD"})
    void aPlanIsReadFromEveryAcceptedName(String requested, AddonKind kind, AddonPlan plan) {
        assertThat(AddonPlanRef.parse(requested)).isEqualTo(new AddonPlanRef(kind, plan));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "postgresql:huge", "redis:", ":small", "postgresql:standard:x", " ", "postgresql:SMALL", "Redis"})
    void anythingElseIsRefusedNamingTheKindsAndPlans(String requested) {
        assertThatThrownBy(() -> AddonPlanRef.parse(requested))
                .isInstanceOf(PlatformException.InvalidParams.class)
                .hasMessageContaining("postgresql (or heroku-postgresql, postgres)")
                .hasMessageContaining("redis (or heroku-redis)")
                .hasMessageContaining("small, standard");
    }

    @Test
    void plansGiveTheContractsLimits() {
        long mib = 1024 * 1024;
        assertThat(AddonPlanRef.parse("postgresql").limits()).isEqualTo(new AddonLimits(256 * mib, 20));
        assertThat(AddonPlanRef.parse("postgresql:standard").limits()).isEqualTo(new AddonLimits(1024 * mib, 120));
        assertThat(AddonPlanRef.parse("redis").limits()).isEqualTo(new AddonLimits(64 * mib, 50));
        assertThat(AddonPlanRef.parse("redis:standard").limits()).isEqualTo(new AddonLimits(256 * mib, 500));
        assertThat(AddonPlanRef.parse("postgres:standard").planName()).isEqualTo("heroku-postgresql:standard");
    }

    @Test
    void theFirstPostgresqlIsDatabaseWithAColorALaterOneAColorOnly() {
        assertThat(AttachmentColors.defaults(AddonKind.POSTGRESQL, List.of())).containsExactly(
                new AttachmentName("DATABASE"), new AttachmentName("HEROKU_POSTGRESQL_RED"));
        assertThat(AttachmentColors.defaults(AddonKind.POSTGRESQL,
                List.of(new AttachmentName("DATABASE"), new AttachmentName("HEROKU_POSTGRESQL_RED"))))
                .containsExactly(new AttachmentName("HEROKU_POSTGRESQL_BLUE"));
        // DATABASE free again (detached), RED still taken: DATABASE with the next color.
        assertThat(AttachmentColors.defaults(AddonKind.POSTGRESQL, List.of(new AttachmentName("HEROKU_POSTGRESQL_RED"))))
                .containsExactly(new AttachmentName("DATABASE"), new AttachmentName("HEROKU_POSTGRESQL_BLUE"));
    }

    @Test
    void theFirstRedisIsRedisALaterOneAColor() {
        assertThat(AttachmentColors.defaults(AddonKind.REDIS, List.of())).containsExactly(new AttachmentName("REDIS"));
        assertThat(AttachmentColors.defaults(AddonKind.REDIS, List.of(new AttachmentName("REDIS"),
                new AttachmentName("DATABASE")))).containsExactly(new AttachmentName("HEROKU_REDIS_RED"));
        assertThat(AddonKind.REDIS.isColored(new AttachmentName("HEROKU_REDIS_RED"))).isTrue();
        assertThat(AddonKind.REDIS.isColored(new AttachmentName("HEROKU_REDIS_FOO"))).isFalse();
    }

    @Test
    void whenEveryColorIsTakenTheFixIsANameOfOnesOwn() {
        List<AttachmentName> all = AttachmentColors.COLORS.stream().map(AddonKind.POSTGRESQL::colored).toList();
        assertThatThrownBy(() -> AttachmentColors.defaults(AddonKind.POSTGRESQL, all))
                .isInstanceOf(PlatformException.InvalidParams.class).hasMessageContaining("--as");
    }

    @ParameterizedTest
    @ValueSource(strings = {"DATABASE", "DB", "HEROKU_POSTGRESQL_RED", "CACHE2"})
    void attachmentNamesAreUpperCaseWords(String name) {
        assertThat(new AttachmentName(name).configKey().value()).isEqualTo(name + "_URL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"database", "2DB", "_DB", "DB-1", "DB URL", "", "DATABASE_URL",
            "ABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEFGHIJX"})
    void otherAttachmentNamesAreRefused(String name) {
        assertThatThrownBy(() -> new AttachmentName(name)).isInstanceOf(PlatformException.InvalidParams.class);
    }

    @Test
    void aGeneratedAddonNameSaysItsKind() {
        AddonName name = AddonName.generate(AddonKind.POSTGRESQL, new Random(7));
        assertThat(name.value()).matches("postgresql-[a-z]+-[0-9]{5}");
        assertThat(AddonName.generate(AddonKind.REDIS, new Random(7)).value()).startsWith("redis-");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Orders", "1db", "db-", "ab", "orders_db", "a.b", "0a8e3b1c-1111-4222-8333-944445555666",
            "abcdefabcd-abcdefabcd-abcdefabcd-abcdefab"})
    void addonNamesThatAreNoDnsLabelOrLookLikeAnIdAreRefused(String name) {
        assertThatThrownBy(() -> new AddonName(name)).isInstanceOf(PlatformException.InvalidParams.class);
    }

    @Test
    void statesMoveForwardOnly() {
        assertThat(Addon.State.PROVISIONING.canBecome(Addon.State.PROVISIONED)).isTrue();
        assertThat(Addon.State.PROVISIONING.canBecome(Addon.State.DEPROVISIONING)).isTrue();
        assertThat(Addon.State.PROVISIONED.canBecome(Addon.State.DEPROVISIONING)).isTrue();
        assertThat(Addon.State.PROVISIONED.canBecome(Addon.State.PROVISIONING)).isFalse();
        assertThat(Addon.State.DEPROVISIONING.canBecome(Addon.State.PROVISIONED)).isFalse();
        assertThat(Addon.State.DEPROVISIONING.canBecome(Addon.State.PROVISIONING)).isFalse();
        assertThat(Addon.State.fromValue("provisioned")).isEqualTo(Addon.State.PROVISIONED);
    }
}
