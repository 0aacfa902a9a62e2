package paas.api.service;

import paas.api.domain.AppNameGenerator;
import paas.api.domain.DynoSizes;
import paas.api.domain.Quotas;
import paas.api.domain.TokenSecrets;
import paas.api.store.AppStore;
import paas.api.store.BuildStore;
import paas.api.store.CertificateStore;
import paas.api.store.CollaboratorStore;
import paas.api.store.ConfigVarStore;
import paas.api.store.Database;
import paas.api.store.DomainStore;
import paas.api.store.DrainStore;
import paas.api.store.FormationStore;
import paas.api.store.ReleaseStore;
import paas.api.store.UserStore;
import paas.builder.buildpack.BuildpackCatalog;
import paas.logs.DrainPolicy;
import paas.vocabulary.DynoSize;

import java.security.SecureRandom;
import java.util.List;

/** The control plane's services over one store, wired once by paasd (and by tests the same way). */
public record Services(AccountService accounts, AppService apps, ConfigService config, ReleaseService releases,
                       FormationService formation, DomainService domains, BuildService builds,
                       DrainService drains, CollaboratorService collaborators, AppTransferService transfers) {

    public static Services wire(Database db, String platformDomain, DynoSizes sizes, Quotas quotas) {
        return wire(db, platformDomain, sizes, quotas, AppListener.NONE, DrainPolicy.allowingLoopback());
    }

    public static Services wire(Database db, String platformDomain, DynoSizes sizes, Quotas quotas,
                                AppListener appListener, DrainPolicy drainPolicy) {
        return wire(db, platformDomain, sizes, quotas, appListener, drainPolicy, AccessListener.NONE);
    }

    public static Services wire(Database db, String platformDomain, DynoSizes sizes, Quotas quotas,
                                AppListener appListener, DrainPolicy drainPolicy, AccessListener accessListener) {
        return wire(db, platformDomain, sizes, quotas, appListener, drainPolicy, new BuildpackCatalog(List.of()),
                accessListener);
    }

    /**
     * @param buildpacks     the builder's catalog, which decides what an app's buildpacks may name
     * @param accessListener told when a token is revoked or a user disabled or destroyed (open streams end)
     */
    public static Services wire(Database db, String platformDomain, DynoSizes sizes, Quotas quotas,
                                AppListener appListener, DrainPolicy drainPolicy, BuildpackCatalog buildpacks,
                                AccessListener accessListener) {
        AppStore appStore = new AppStore();
        ReleaseStore releaseStore = new ReleaseStore(db.secrets());
        ConfigVarStore configVarStore = new ConfigVarStore(db.secrets());
        DomainStore domainStore = new DomainStore();
        BuildStore buildStore = new BuildStore();
        FormationStore formationStore = new FormationStore();
        CollaboratorStore collaboratorStore = new CollaboratorStore();
        UserStore userStore = new UserStore();
        AppGuard guard = new AppGuard(appStore, collaboratorStore);
        SecureRandom random = new SecureRandom();
        return new Services(
                new AccountService(db, userStore, appStore, new TokenSecrets(random), accessListener),
                new AppService(db, appStore, domainStore, releaseStore, new CertificateStore(db.secrets()), userStore, guard,
                        new AppNameGenerator(random), platformDomain, quotas, appListener),
                new ConfigService(db, configVarStore, releaseStore, guard, appListener),
                new ReleaseService(db, releaseStore, configVarStore, appStore, buildStore, formationStore, guard,
                        sizes.defaultSize(), appListener),
                new FormationService(db, formationStore, releaseStore, guard, sizes, quotas, appListener),
                new DomainService(db, domainStore, guard, platformDomain, appListener),
                new BuildService(db, buildStore, guard, buildpacks),
                new DrainService(db, new DrainStore(db.secrets()), guard, drainPolicy, appListener),
                new CollaboratorService(db, collaboratorStore, userStore, guard, accessListener),
                new AppTransferService(db, appStore, collaboratorStore, userStore, guard, quotas));
    }
}
