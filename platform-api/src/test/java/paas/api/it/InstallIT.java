package paas.api.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/install.sh and deploy/uninstall.sh on a clean Debian 12 host booted with systemd
 * ({@link DebianHost}), in the order an operator runs them: install, use, install again
 * (upgrade), uninstall, uninstall --purge. Each step builds on the one before.
 *
 * <p>A running "dyno" stands in for the apps: a container labelled with the platform's name
 * (paas.platform, as the docker runtime labels dynos), which the upgrade must leave running,
 * uninstall stop, and --purge remove. Deploying a real app is left to the end-to-end suite: the
 * paasd here uses this machine's engine, whose published ports are not the container's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstallIT {
    /** What paasd calls its platform on the engine with PAAS_DATA_DIR=/var/lib/paas (Runtimes.platformName). */
    static final String PLATFORM = "paasd-" + Integer.toHexString("/var/lib/paas".hashCode());
    static final Pattern PRINTED_TOKEN = Pattern.compile("(?m)^ {4}(paas_\\S+)$");
    static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(4);

    DebianHost host;
    String dyno;
    String token;

    @BeforeAll
    void bootHost() throws Exception {
        host = DebianHost.boot();
        DebianHost.Result started = DebianHost.docker(Duration.ofSeconds(30), List.of("docker", "run", "-d",
                "--label", DebianHost.TEST_LABEL, "--label", "paas.managed=true", "--label", "paas.platform=" + PLATFORM,
                "--label", "paas.app=install-it", DebianHost.baseImage(), "sleep", "600"));
        assertThat(started.exitCode()).as(started.toString()).isZero();
        dyno = started.output().strip();
    }

    @AfterAll
    void removeHost() throws Exception {
        if (dyno != null) {
            DebianHost.docker(Duration.ofSeconds(30), List.of("docker", "rm", "-f", dyno));
        }
        if (host != null) {
            host.close();
        }
    }

    @Test
    @Order(1)
    void installStartsBothServicesInstallsCompletionAndPrintsATokenThatLogsIn() throws Exception {
        DebianHost.Result install = host.sh("/src/deploy/install.sh", INSTALL_TIMEOUT);
        System.out.println("install.sh, first run:\n" + install.output());
        assertThat(install.exitCode()).as(install.toString()).isZero();
        assertThat(install.output()).as("the missing packages, no others").contains("installing git debootstrap");
        Matcher printed = PRINTED_TOKEN.matcher(install.output());
        assertThat(printed.find()).as(install.output()).isTrue();
        token = printed.group(1);
        assertThat(install.output()).contains("paas login --api-url http://").contains("--token " + token);

        assertThat(host.sh("systemctl is-active paasd paas-router").output()).isEqualTo("active\nactive\n");
        assertThat(host.sh("systemctl show -p Environment --value paasd paas-router").output())
                .as("both run on the JDK install.sh found").contains("JAVA_HOME=/usr/lib/jvm/");
        assertThat(host.sh("stat -c %u /proc/$(systemctl show -p MainPID --value paas-router)").output().strip())
                .as("the router runs unprivileged").isNotEqualTo("0");
        assertThat(host.sh("stat -c '%a %n' /var/lib/paas /etc/paas/paasd.env /etc/paas/paas-router.env").output())
                .isEqualTo("700 /var/lib/paas\n600 /etc/paas/paasd.env\n600 /etc/paas/paas-router.env\n");
        assertThat(host.sh("cat /var/lib/paas/.install/packages").output()).isEqualTo("debootstrap\ngit\n");
        assertThat(host.sh("grep -c 'complete .*paas' /usr/share/bash-completion/completions/paas").output().strip())
                .as("bash completion installed for every user").isNotEqualTo("0");
        assertThat(host.sh("grep -c bashcompinit /opt/paas/share/completion.zsh").output().strip()).isNotEqualTo("0");
        assertThat(host.sh("journalctl -u paasd -u paas-router --no-pager | grep -cF '" + token + "'").output().strip())
                .as("the printed token is in no log").isEqualTo("0");

        DebianHost.Result login = host.sh("paas login --api-url http://127.0.0.1:5000 --token " + token);
        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(login.output()).contains("Logged in as admin@localhost");
        DebianHost.Result router = host.sh("exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET / HTTP/1.1\\r\\nHost: nothing.localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3");
        assertThat(router.output()).as("the router answers on its port").startsWith("HTTP/1.1 404");
    }

    @Test
    @Order(2)
    void secondRunUpgradesInPlaceKeepingDataConfigAndRunningApps() throws Exception {
        assertThat(host.sh("paas apps:create kept --no-remote").exitCode()).isZero();
        String adminToken = host.sh("grep ^PAAS_ADMIN_TOKEN= /etc/paas/paasd.env").output();
        // An older install's env file, without a variable this version names.
        assertThat(host.sh("sed -i '/PAAS_ACME_EMAIL/d' /etc/paas/paasd.env").exitCode()).isZero();
        String paasdPid = mainPid("paasd");
        String dynoStarted = dynoState();

        DebianHost.Result upgrade = host.sh("/src/deploy/install.sh", INSTALL_TIMEOUT);
        System.out.println("install.sh, second run:\n" + upgrade.output());
        assertThat(upgrade.exitCode()).as(upgrade.toString()).isZero();
        assertThat(upgrade.output()).doesNotContain("installing ").doesNotContain("shown only this once").contains("paas runs from /opt/paas");
        assertThat(mainPid("paasd")).as("paasd was restarted on the new files").isNotEqualTo(paasdPid);
        assertThat(host.sh("systemctl is-active paasd paas-router").output()).isEqualTo("active\nactive\n");

        DebianHost.Result apps = host.sh("paas apps");
        assertThat(apps.exitCode()).as(apps.toString()).isZero();
        assertThat(apps.output()).as("the store, and the login, survived").contains("kept");
        assertThat(host.sh("grep ^PAAS_ADMIN_TOKEN= /etc/paas/paasd.env").output()).isEqualTo(adminToken);
        assertThat(host.sh("grep -c '^# PAAS_ACME_EMAIL=' /etc/paas/paasd.env").output().strip())
                .as("the new variable appended, commented out").isEqualTo("1");
        assertThat(dynoState()).as("the app's container ran on through the upgrade").isEqualTo(dynoStarted);
    }

    @Test
    @Order(3)
    void uninstallRemovesServicesFilesCompletionAndItsPackagesButKeepsDataAndConfig() throws Exception {
        DebianHost.Result uninstall = host.sh("/src/deploy/uninstall.sh", Duration.ofMinutes(2));
        assertThat(uninstall.exitCode()).as(uninstall.toString()).isZero();

        assertThat(host.sh("ls /etc/systemd/system/paasd.service /etc/systemd/system/paas-router.service /opt/paas /usr/local/bin/paas /usr/share/bash-completion/completions/paas /etc/systemd/system/paasd.service.d 2>&1 | grep -c 'No such file'").output().strip())
                .isEqualTo("6");
        assertThat(host.sh("pgrep -c java").output().strip()).isEqualTo("0");
        assertThat(host.sh("test -f /var/lib/paas/paas.mv.db && test -f /var/lib/paas/secret.key && test -f /etc/paas/paasd.env").exitCode())
                .as("data and configuration kept").isZero();
        assertThat(host.sh("for p in git debootstrap docker.io; do echo $p $(dpkg-query -W -f '${db:Status-Status}' $p); done").output())
                .as("its packages removed, docker.io (there before) kept")
                .doesNotContain("git installed").doesNotContain("debootstrap installed").contains("docker.io installed");
        assertThat(dynoState()).as("the apps' containers stopped, not removed").startsWith("false ");
    }

    @Test
    @Order(4)
    void purgeRemovesDataConfigAndThePlatformsContainers() throws Exception {
        DebianHost.Result purge = host.sh("/src/deploy/uninstall.sh --purge", Duration.ofMinutes(2));
        assertThat(purge.exitCode()).as(purge.toString()).isZero();
        assertThat(host.sh("ls -d /var/lib/paas /etc/paas 2>&1 | grep -c 'No such file'").output().strip()).isEqualTo("2");
        assertThat(DebianHost.docker(Duration.ofSeconds(30), List.of("docker", "inspect", dyno)).exitCode())
                .as("the platform's container removed").isNotZero();
    }

    private String mainPid(String unit) throws Exception {
        return host.sh("systemctl show -p MainPID --value " + unit).output().strip();
    }

    /** "RUNNING STARTED_AT" of the stand-in dyno. */
    private String dynoState() throws Exception {
        return DebianHost.docker(Duration.ofSeconds(30), List.of("docker", "inspect", "--format", "{{.State.Running}} {{.State.StartedAt}}", dyno))
                .output().strip();
    }
}
