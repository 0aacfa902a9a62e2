package paas.builder.git;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a commit's tree as a tar archive: regular and executable files, symlinks as links,
 * no submodules. Entry paths come from git and are relative; git itself refuses trees with
 * {@code ..} or {@code .git} entries when fsck is on, and the builder extracts with checks anyway.
 */
public final class TreeArchive {
    private TreeArchive() {
    }

    /**
     * @throws SourceTooLargeException when the files add up to more than {@code maxBytes}
     */
    public static void write(Repository repo, ObjectId commitId, Path tarFile, long maxBytes) throws IOException {
        long total = 0;
        try (RevWalk walk = new RevWalk(repo);
             OutputStream file = new BufferedOutputStream(Files.newOutputStream(tarFile));
             TarArchiveOutputStream tar = new TarArchiveOutputStream(file, StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            RevCommit commit = walk.parseCommit(commitId);
            try (TreeWalk tree = new TreeWalk(repo)) {
                tree.addTree(commit.getTree());
                tree.setRecursive(true);
                while (tree.next()) {
                    FileMode mode = tree.getFileMode(0);
                    String path = tree.getPathString();
                    if (mode == FileMode.GITLINK) {
                        continue;
                    }
                    ObjectLoader blob = repo.open(tree.getObjectId(0));
                    total += blob.getSize();
                    if (total > maxBytes) {
                        throw new SourceTooLargeException(maxBytes);
                    }
                    if (mode == FileMode.SYMLINK) {
                        TarArchiveEntry link = new TarArchiveEntry(path, TarArchiveEntry.LF_SYMLINK);
                        link.setLinkName(new String(blob.getBytes(), StandardCharsets.UTF_8));
                        tar.putArchiveEntry(link);
                        tar.closeArchiveEntry();
                        continue;
                    }
                    TarArchiveEntry entry = new TarArchiveEntry(path);
                    entry.setMode(mode == FileMode.EXECUTABLE_FILE ? 0100755 : 0100644);
                    entry.setSize(blob.getSize());
                    entry.setModTime(commit.getCommitTime() * 1000L);
                    tar.putArchiveEntry(entry);
                    blob.copyTo(tar);
                    tar.closeArchiveEntry();
                }
            }
            tar.finish();
        }
    }

    /** The pushed tree is larger than the platform accepts. */
    public static final class SourceTooLargeException extends IOException {
        public SourceTooLargeException(long maxBytes) {
            super("the pushed source is larger than " + (maxBytes / (1024 * 1024)) + " MB; remove large files"
                    + " from the repository (or list them in .slugignore and keep them out of git)");
        }
    }
}
