package io.github.nin4j.machine;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** What a manifest records about the software and the machine a run used. */
public final class Environment {

    /**
     * The key of {@link #machine()} that holds how often Slurm restarted the task, {@code
     * SLURM_RESTART_COUNT}; present in a Slurm task only.
     */
    public static final String SLURM_RESTART_COUNT = "slurm_restart_count";

    private Environment() {}

    /**
     * The application's, DJL's, the engine's and Java's versions.
     *
     * @return name to version
     */
    public static Map<String, String> versions() {
        Map<String, String> versions = new LinkedHashMap<>();
        String app = Environment.class.getPackage().getImplementationVersion();
        versions.put("nin", app == null ? "development build" : app);
        versions.put("djl", Engine.getDjlVersion());
        Engine engine = Engine.getInstance();
        versions.put(engine.getEngineName(), engine.getVersion());
        versions.put("java", System.getProperty("java.version"));
        return versions;
    }

    /**
     * The operating system, processor model, cores, memory and the C memory allocator.
     *
     * @return property to value
     */
    public static Map<String, String> machine() {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("arch", System.getProperty("os.arch"));
        machine.put("cpu", cpuinfo("model name"));
        machine.put("cpu_family", cpuinfo("cpu family"));
        machine.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            machine.put(
                    "memory_gib", String.format("%.1f", os.getTotalMemorySize() / 1073741824.0));
        }
        machine.put("allocator", MemoryAllocator.current().toString());
        // A Slurm task's job, node and restarts: a requeued cell's resume records them.
        Map<String, String> env = System.getenv();
        if (env.containsKey("SLURM_JOB_ID")) {
            machine.put(
                    "slurm_job",
                    env.containsKey("SLURM_ARRAY_JOB_ID")
                            ? env.get("SLURM_ARRAY_JOB_ID") + "_" + env.get("SLURM_ARRAY_TASK_ID")
                            : env.get("SLURM_JOB_ID"));
            machine.put("slurm_node", env.getOrDefault("SLURMD_NODENAME", ""));
            machine.put(SLURM_RESTART_COUNT, env.getOrDefault("SLURM_RESTART_COUNT", "0"));
        }
        return machine;
    }

    /**
     * The engine's intra-op threads: {@code ai.djl.pytorch.num_threads} when set, else PyTorch's
     * default, the core count.
     *
     * @return threads
     */
    public static int threads() {
        String set = System.getProperty("ai.djl.pytorch.num_threads");
        return set != null ? Integer.parseInt(set) : Runtime.getRuntime().availableProcessors();
    }

    /**
     * The processor's model and family, which tell AMD's Zen generations apart (family 25 is Zen 3
     * and Zen 4, 26 is Zen 5).
     *
     * @return for example {@code AMD EPYC (cpu family 26)}
     */
    public static String processor() {
        return cpuinfo("model name") + " (cpu family " + cpuinfo("cpu family") + ")";
    }

    /**
     * Whether the processor has bf16 instructions, which oneDNN's bf16 convolutions use:
     * AVX512_BF16 (AMD Zen 4 and later, Intel Cooper Lake and later) or AMX_BF16 (Intel Sapphire
     * Rapids and later).
     *
     * @return true when {@code /proc/cpuinfo} lists {@code avx512_bf16} or {@code amx_bf16}
     */
    public static boolean bf16Instructions() {
        List<String> flags = List.of(cpuinfo("flags").split(" "));
        return flags.contains("avx512_bf16") || flags.contains("amx_bf16");
    }

    private static String cpuinfo(String field) {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return "unknown";
        }
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith(field))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
