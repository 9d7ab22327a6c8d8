/** One printed number of a benchmark, as `npm run bench`'s table can collect it, and the printing itself. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

/** Runs a benchmark when its file is executed directly: prints the title and one line per row, exit 1 on failure. */
export function printWhenMain(mod: NodeJS.Module, bench: () => Promise<BenchRow[]>, title: string, footer?: string): void {
  if (require.main !== mod) return;
  void bench().then(
    (rows) => {
      console.log(title);
      const width = Math.max(...rows.map((r) => r.name.length));
      for (const r of rows) console.log(`  ${r.name.padEnd(width)}  ${String(r.value).padStart(6)} ${r.unit}  ${r.note ?? ''}`);
      if (footer) console.log(`  ${footer}`);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
