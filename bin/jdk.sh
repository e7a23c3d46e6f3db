# Sourced by the launcher scripts: exports JAVA_HOME pointing at a JDK >= 21, or explains what to install.
# Order: JAVA_HOME if it is new enough, then every JDK under /usr/lib/jvm, newest first.
# Also sets PORTCULLIS_JAVA_VERSION (e.g. 25.0.3) and PORTCULLIS_JAVA_MAJOR (25) for the launchers.
# shellcheck shell=bash disable=SC2034  # the PORTCULLIS_ variables are read by the scripts that source this one

portcullis_java_version() { # version of the JDK in directory $1 (25.0.3, 1.8.0_392), or nothing
  # The release file (every JDK since 9 has one) answers without starting a JVM, which took 0.1 s or more.
  local line
  if [ -r "$1/release" ]; then
    while IFS= read -r line; do
      case "$line" in
        JAVA_VERSION=*) line="${line#JAVA_VERSION=}"; echo "${line//\"/}"; return 0 ;;
      esac
    done <"$1/release"
  fi
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.version = //p' | head -n1
}

portcullis_find_jdk() { # sets PORTCULLIS_JDK, PORTCULLIS_JAVA_VERSION and PORTCULLIS_JAVA_MAJOR, or returns 1
  # JAVA_HOME first, on its own: listing /usr/lib/jvm costs processes that a good JAVA_HOME does not need.
  portcullis_jdk_ok "${JAVA_HOME:-}" && return 0
  local candidate
  for candidate in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    portcullis_jdk_ok "$candidate" && return 0
  done
  return 1
}

portcullis_jdk_ok() { # if directory $1 holds a JDK >= 21, sets the PORTCULLIS_ variables and succeeds
  local candidate="${1%/}" version major
  [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || return 1
  version="$(portcullis_java_version "$candidate")"
  major="${version#1.}"
  major="${major%%[!0-9]*}"
  if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
    PORTCULLIS_JDK="$candidate"
    PORTCULLIS_JAVA_VERSION="$version"
    PORTCULLIS_JAVA_MAJOR="$major"
    return 0
  fi
  return 1
}

if ! portcullis_find_jdk; then
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
if [ "$PORTCULLIS_JAVA_MAJOR" -ge 23 ]; then
  case " ${MAVEN_OPTS:-} " in
    *sun-misc-unsafe-memory-access*) ;;
    *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
  esac
fi
