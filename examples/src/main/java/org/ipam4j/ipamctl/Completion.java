package org.ipam4j.ipamctl;

import java.io.PrintStream;

/**
 * {@code ipamctl completion bash|zsh}: a completion script to source, as {@code kubectl completion}
 * prints one. It completes commands, kinds, flags, and the names of existing objects, which it asks
 * ipamctl for ({@code get KIND -o name}, with the store and project the command line names so far).
 */
final class Completion {

  private Completion() {}

  private static final String BASH =
      """
      # ipamctl completion for bash: source <(ipamctl completion bash)
      _ipamctl() {
        local cur prev words=("${COMP_WORDS[@]}") i opts=() cmd="" kind="" n=0
        cur="${COMP_WORDS[COMP_CWORD]}"
        prev="${COMP_WORDS[COMP_CWORD-1]}"
        for ((i = 1; i < COMP_CWORD; i++)); do
          case "${words[i]}" in
            --store|--project|-n|--namespace|--lock-timeout) opts+=("${words[i]}" "${words[i+1]}"); ((i++)) ;;
            -*) ;;
            *) if [ -z "$cmd" ]; then cmd="${words[i]}"; elif [ -z "$kind" ]; then kind="${words[i]}"; fi; ((n++)) ;;
          esac
        done
        case "$prev" in
          -f|--filename|--svg) COMPREPLY=($(compgen -f -- "$cur")); return ;;
          -o|--output) COMPREPLY=($(compgen -W "wide yaml json name" -- "$cur")); return ;;
          --store|--project|-n|--namespace|--lock-timeout|-l|--selector) return ;;
        esac
        if [[ "$cur" == -* ]]; then
          COMPREPLY=($(compgen -W "--store --project -n --namespace --lock-timeout -f -o -l -A -w --dry-run --ignore-not-found --recursive --output-watch-events --help" -- "$cur"))
          return
        fi
        if [ -z "$cmd" ]; then
          COMPREPLY=($(compgen -W "apply get describe delete explain pool check export import version completion" -- "$cur"))
        elif [ "$cmd" = completion ]; then
          COMPREPLY=($(compgen -W "bash zsh" -- "$cur"))
        elif [ "$cmd" = pool ] && [ -z "$kind" ]; then
          COMPREPLY=($(compgen -W "tree map" -- "$cur"))
        elif [ "$cmd" = pool ] && [ "$kind" = map ] && [ "$n" -eq 2 ]; then
          COMPREPLY=($(compgen -W "$(ipamctl "${opts[@]}" get ippools -o name 2>/dev/null | sed 's|^[^/]*/||')" -- "$cur"))
        elif [[ "$cmd" =~ ^(get|describe|delete|explain)$ ]] && [ -z "$kind" ]; then
          COMPREPLY=($(compgen -W "ippools ipclaims ipallocations ippool ipclaim ipalloc" -- "$cur"))
        elif [[ "$cmd" =~ ^(get|describe|delete)$ ]] && [ "$n" -eq 2 ]; then
          COMPREPLY=($(compgen -W "$(ipamctl "${opts[@]}" get "$kind" -o name 2>/dev/null | sed 's|^[^/]*/||')" -- "$cur"))
        fi
      }
      complete -o default -F _ipamctl ipamctl
      """;

  private static final String ZSH =
      """
      # ipamctl completion for zsh: source <(ipamctl completion zsh)
      if ! (( $+functions[compdef] )); then autoload -U +X compinit && compinit; fi
      autoload -U +X bashcompinit && bashcompinit
      """;

  /** Prints the script for {@code shell}; false for a shell it has none for. */
  static boolean print(String shell, PrintStream out) {
    switch (shell) {
      case "bash" -> out.print(BASH);
      case "zsh" -> out.print(ZSH + BASH.substring(BASH.indexOf('\n') + 1));
      default -> {
        return false;
      }
    }
    return true;
  }
}
