# Sourced by the launcher scripts: exports JAVA_HOME pointing at a JDK >= 21, or explains what to install.
# Order: JAVA_HOME if it is new enough, then every JDK under /usr/lib/jvm, newest first.

portcullis_java_major() { # major version of the JDK in directory $1, or nothing
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java.specification.version = //p' | head -n1 | sed 's/^1\.//'
}

portcullis_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    candidate="${candidate%/}"
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major="$(portcullis_java_major "$candidate")"
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if ! PORTCULLIS_JDK="$(portcullis_find_jdk)"; then
  cat >&2 <<'MSG'
portcullis: no JDK 21 or newer found (looked at JAVA_HOME and /usr/lib/jvm/*).
  Install one (Temurin 21+ from adoptium.net, or your distribution's openjdk-21-jdk-headless / openjdk-25-jdk-headless)
  into /usr/lib/jvm, or point JAVA_HOME at an existing JDK 21+.
MSG
  exit 2
fi
export JAVA_HOME="$PORTCULLIS_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
# Maven's bundled Guava touches sun.misc.Unsafe, which JDK 23+ warns about on every build; the warning is
# Maven's, not ours, so silence it where the flag exists (older JDKs reject the flag).
if [ "$(portcullis_java_major "$JAVA_HOME")" -ge 23 ] 2>/dev/null; then
  case " ${MAVEN_OPTS:-} " in
    *sun-misc-unsafe-memory-access*) ;;
    *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
  esac
fi
