# Toolchain for linux aarch64 (glibc): the library in natives/linux_arm64/.
# Debian: apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user-static
#
# Test binaries run under qemu-user. The CPU it emulates comes from the
# QEMU_CPU environment variable: "max" has LSE atomics, "cortex-a57" has only
# LL/SC, so running ctest under both exercises both paths of gcc's outline
# atomics (__aarch64_cas4_* pick one at run time).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(ERRSEQ_SYSROOT /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH ${ERRSEQ_SYSROOT})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64-static -L ${ERRSEQ_SYSROOT})
set(ERRSEQ_PLATFORM linux_arm64 CACHE STRING "native-lib-loader folder of this target")
