// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ChatgptAuthTokensRefreshParams } from "./ChatgptAuthTokensRefreshParams";
import type { CommandExecutionRequestApprovalParams } from "./CommandExecutionRequestApprovalParams";
import type { DynamicToolCallParams } from "./DynamicToolCallParams";
import type { FileChangeRequestApprovalParams } from "./FileChangeRequestApprovalParams";
import type { McpServerElicitationRequestParams } from "./McpServerElicitationRequestParams";
import type { RequestId } from "./RequestId";
import type { ToolRequestUserInputParams } from "./ToolRequestUserInputParams";

/**
 * Request initiated from the server and sent to the client.
 */
export type ServerRequest =
  | { "method": "item/commandExecution/requestApproval", id: RequestId, params: CommandExecutionRequestApprovalParams }
  | { "method": "item/fileChange/requestApproval", id: RequestId, params: FileChangeRequestApprovalParams }
  | { "method": "item/tool/requestUserInput", id: RequestId, params: ToolRequestUserInputParams }
  | { "method": "item/tool/call", id: RequestId, params: DynamicToolCallParams }
  | { "method": "mcpServer/elicitation/request", id: RequestId, params: McpServerElicitationRequestParams }
  | { "method": "account/chatgptAuthTokens/refresh", id: RequestId, params: ChatgptAuthTokensRefreshParams };
