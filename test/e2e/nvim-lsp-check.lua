-- Neovim 0.7 (Debian) as a second real LSP client: starts the server, opens
-- the file given on the command line, waits for an FG101 diagnostic and writes
-- every diagnostic as JSON to $DIAG_OUT. Exit 0 when FG101 arrived.
-- Run by test/e2e/nvim.sh: nvim --headless --clean -u nvim-lsp-check.lua FILE
-- (0.7 has no vim.lsp.start; vim.lsp.start_client is the way there.)
local out = assert(os.getenv('DIAG_OUT'), 'DIAG_OUT is not set')
local cmd = vim.split(assert(os.getenv('LSP_CMD'), 'LSP_CMD is not set'), ' ', { trimempty = true })
local timeout_ms = tonumber(os.getenv('WAIT_MS') or '20000')

local function finish(code, result)
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd(code == 0 and 'qall!' or ('cquit! ' .. code))
end

local client_id = vim.lsp.start_client({
  name = 'flask-guard',
  cmd = cmd,
  root_dir = vim.fn.getcwd(),
  on_exit = function(code, signal)
    if code ~= 0 then io.stderr:write(('flask-guard lsp exited with code %s, signal %s\n'):format(code, signal)) end
  end,
})
if not client_id then finish(2, { error = 'vim.lsp.start_client failed for: ' .. table.concat(cmd, ' ') }) end

vim.cmd('edit ' .. vim.fn.fnameescape(vim.fn.argv(0)))
local bufnr = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(bufnr, client_id)

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local found = vim.wait(timeout_ms, function()
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if code_of(d) == 'FG101' then return true end
  end
  return false
end, 50)

local diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  table.insert(diagnostics, { line = d.lnum + 1, col = d.col + 1, severity = d.severity, source = d.source, code = code_of(d), message = d.message })
end
local v = vim.version()
vim.lsp.stop_client(client_id)
finish(found and 0 or 1, { nvim = ('%d.%d.%d'):format(v.major, v.minor, v.patch), found = found, diagnostics = diagnostics })
