export async function runMigrateCommand(_args: string[]): Promise<string> {
  throw new Error("migrations are not wired yet");
}
