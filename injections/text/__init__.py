"""Every word people read about what the rules decided: messages, labels, status
sentences. The rules answer in codes and numbers; this package says them through
gettext, in the active language and time zone."""
