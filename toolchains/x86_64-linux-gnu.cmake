# Toolchain for linux x86_64 (glibc): the library in natives/linux_64/.
# On an x86_64 host this is the native compiler under its target-triple name.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER x86_64-linux-gnu-gcc)
set(ERRSEQ_PLATFORM linux_64 CACHE STRING "native-lib-loader folder of this target")
