package paas.cli.completion;

import paas.cli.command.BaseCommand;
import paas.cli.core.CliContext;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * completion: the shell completion script of the whole command tree, made by picocli's
 * AutoComplete from the same definitions the commands parse with, so it never lists a command or
 * option that does not exist.
 */
@Command(name = "completion",
    description = "Print the shell completion script for bash or zsh.",
    footer = {"", "Examples:",
        "  paas completion bash > /etc/bash_completion.d/paas   # every new bash, for everyone",
        "  paas completion bash > ~/.paas-completion.bash       # then in ~/.bashrc: source ~/.paas-completion.bash",
        "  paas completion zsh > ~/.paas-completion.zsh         # then in ~/.zshrc: source ~/.paas-completion.zsh"})
public final class CompletionCommand extends BaseCommand {
  /** The shells the script is for; zsh runs the bash script through its bashcompinit. */
  public enum Shell { bash, zsh }

  @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
  private Shell shell;

  public CompletionCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected void run() {
    out.raw(script(shell));
  }

  String script(Shell shell) {
    String name = spec.root().name();
    String bash = AutoComplete.bash(name, spec.root().commandLine()) + colonWords(name);
    return switch (shell) {
      case bash -> bash;
      // picocli's script loads bashcompinit itself when $ZSH_VERSION is set; said here so a
      // reader of the zsh output knows why it looks like bash.
      case zsh -> "# " + name + " completion for zsh, through zsh's bash completion emulation (bashcompinit)\n" + bash;
    };
  }

  /**
   * What makes picocli's script work with names such as config:set: bash splits the command line
   * into words at colons too (COMP_WORDBREAKS), so picocli's function would see "config" ":"
   * "set" and match nothing. This entry point joins them back before calling it, then answers
   * only the part after the last colon, which is all bash replaces. COMP_WORDBREAKS itself is
   * left alone, as other commands' completion (scp host:path) relies on it.
   */
  private static String colonWords(String name) {
    String function = "_complete_" + name + "_colon_words";
    return """

        # %1$s's command names have colons (config:set), and bash splits words at colons:
        # join them back for _complete_%1$s, then answer the part after the last colon.
        function %2$s() {
          # zsh keeps config:set one word, and numbers its arrays from 1: nothing to join there.
          if [[ -n ${ZSH_VERSION-} ]]; then _complete_%1$s; return; fi
          local -a joined=()
          local i word cword=0 typed=${COMP_WORDS[COMP_CWORD]}
          for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
            word=${COMP_WORDS[i]}
            if (( ${#joined[@]} > 1 )) && [[ $word == ":" || ${joined[-1]} == *: ]]; then
              joined[-1]+=$word
            else
              joined+=("$word")
            fi
            (( i == COMP_CWORD )) && cword=$(( ${#joined[@]} - 1 ))
          done
          local -a COMP_WORDS=("${joined[@]}")
          local COMP_CWORD=$cword
          _complete_%1$s
          local rc=$? current=${joined[cword]}
          # Bash replaces only what follows the last colon of the word it split.
          if [[ $current != "$typed" && $current == *:* ]]; then
            COMPREPLY=("${COMPREPLY[@]#"${current%%"${current##*:}"}"}")
          fi
          return $rc
        }
        complete -F %2$s -o default %1$s
        """.formatted(name, function);
  }
}
